import type { ActivityEntry } from '../contract/activity';
import type { Reason } from '../contract/leads';

/** `success` when every lead was written, `failure` when none was, `partial` otherwise. */
export function overallOutcome(statuses: readonly string[]): Exclude<ActivityEntry['outcome'], 'pending'> {
  // 'written': an import row Marketo holds, created or updated (server/imports/reconcile.ts).
  const written = statuses.filter((status) => ['created', 'updated', 'written'].includes(status)).length;
  if (statuses.length > 0 && written === statuses.length) return 'success';
  return written === 0 ? 'failure' : 'partial';
}

/** Marketo's requestId carried by an error the client threw, if any. */
export function requestIdOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { requestId } = error as { requestId?: unknown };
  return typeof requestId === 'string' && requestId !== '' ? requestId : undefined;
}

/** The audit's one-line reason for a lead: its first reason as `<code> <message>`, or nothing. */
export function auditReason(reasons: readonly Reason[] | undefined): { reason?: string } {
  const first = reasons?.[0];
  return first ? { reason: `${first.code} ${first.message}` } : {};
}
