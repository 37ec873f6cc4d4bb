// The audit trail could not be written (disk full, read-only, locked). A Marketo write is only sent after its
// entry is recorded (server/store/audit-repo.ts `begin`), so this error always means nothing was sent.
import { ApiError } from '../http/api-error';

export class AuditUnavailableError extends Error {
  override name = 'AuditUnavailableError';

  constructor(readonly cause: unknown) {
    // For the log: the storage error's code (SQLITE_FULL, SQLITE_READONLY, ...) says which fix is needed.
    const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined;
    super(`the audit trail cannot be written (${typeof code === 'string' ? code : 'unknown cause'})`, {
      cause,
    });
  }
}

/** The client's words: no file path and no SQLite text (those go to the log with the cause). */
export function auditUnavailableApiError(): ApiError {
  return new ApiError(
    503,
    'audit_unavailable',
    'The console cannot record this change right now, so nothing was sent to Marketo. Try again later or tell your administrator.',
  );
}
