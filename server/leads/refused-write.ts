// A write or move refused because it names a partition the user is not granted still leaves a trace: the trail
// is where an admin looks for someone probing partitions. Nothing is sent to Marketo for it.
import type { ActivityAction } from '../contract/activity';
import type { AuditRepo } from '../store/audit-repo';
import type { UserRecord } from '../store/users-repo';
import { actor } from '../auth/user-view';
import { ApiError } from '../http/api-error';

/**
 * Runs `check` and returns its value; if it refuses with 403, records a failed `action` entry naming `partition`
 * (the one asked for) with `summary` (what was refused, server/audit/summary-codes.ts), then rethrows. Other
 * errors (a 400 for a typo) pass through unrecorded.
 */
export async function auditRefusal<T>(
  audit: AuditRepo,
  user: UserRecord,
  action: Extract<ActivityAction, 'lead.write' | 'lead.move'>,
  partition: string,
  summary: string,
  check: () => T,
): Promise<T> {
  try {
    return check();
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) {
      await audit.append({
        user: actor(user),
        action,
        partitions: [partition],
        leadIds: [],
        outcome: 'failure',
        leads: [],
        requestIds: [],
        summary,
      });
    }
    throw error;
  }
}
