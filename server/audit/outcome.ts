import type { ActivityEntry } from '../contract/activity';

/** `success` when every lead was written, `failure` when none was, `partial` otherwise. */
export function overallOutcome(statuses: readonly string[]): ActivityEntry['outcome'] {
  const written = statuses.filter((status) => status === 'created' || status === 'updated').length;
  if (statuses.length > 0 && written === statuses.length) return 'success';
  return written === 0 ? 'failure' : 'partial';
}

/** Marketo's requestId carried by an error the client threw, if any. */
export function requestIdOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { requestId } = error as { requestId?: unknown };
  return typeof requestId === 'string' && requestId !== '' ? requestId : undefined;
}
