// Completing a write's audit entry after Marketo has answered. The entry was recorded before the call, so a
// failure to complete it is logged, never thrown: the write has happened and the user must get its answer.
import type { AuditRepo } from '../store/audit-repo';
import type { LeadServiceDeps } from './service-deps';

export async function completeEntry(
  deps: LeadServiceDeps,
  entryId: number,
  completion: Parameters<AuditRepo['complete']>[1],
): Promise<void> {
  try {
    await deps.audit.complete(entryId, completion);
  } catch (error) {
    deps.log.error(
      { err: error, auditEntry: entryId },
      'the audit entry of a Marketo write could not be completed',
    );
  }
}
