// Which path a job's rows take (server/contract/imports.ts `ImportPathChoiceSchema`). Bulk Import can only create
// or update by a lookup field other than `id` (with `id` Marketo updates only), and it cannot keep an owner with
// limited grants inside them: the sync path screens each chunk's lookup values against the grants before sending
// (server/leads/write-screen.ts) and reads back where each returned lead lives, while a bulk file is processed on
// Marketo's side, row by row, with no lead id in its answer; the partition switches of
// docs/marketo-api-additions.md §14 decide alone which existing leads a row may reach. So such an owner keeps the
// sync path.
import { seesAllPartitions } from '../../auth/access';
import type { BulkRefusal, ImportAction } from '../../contract/imports';
import type { UserRecord } from '../../store/users-repo';

export type PathChoice = 'auto' | 'sync' | 'bulk';

export interface PathSettings {
  action: ImportAction;
  lookupField: string;
}

/** Why this job cannot go through Bulk Import, as the SPA words it (`BulkRefusalSchema`); undefined when it can. */
export function bulkRefusalKind(owner: UserRecord, settings: PathSettings): BulkRefusal | undefined {
  if (settings.action !== 'createOrUpdate') return 'action';
  if (settings.lookupField === 'id') return 'id_lookup';
  if (!seesAllPartitions(owner)) return 'limited_grants';
  return undefined;
}

/** Why this job cannot go through Bulk Import, in plain words; undefined when it can. */
export function bulkRefusal(owner: UserRecord, settings: PathSettings): string | undefined {
  switch (bulkRefusalKind(owner, settings)) {
    case undefined:
      return undefined;
    case 'action':
      return `Marketo's Bulk Import only creates or updates leads; "${settings.action}" imports use the sync path.`;
    case 'id_lookup':
      return "Marketo's Bulk Import by id only updates leads; imports by id use the sync path.";
    case 'limited_grants':
      return (
        "Marketo's Bulk Import cannot be kept within your partitions row by row (it processes the file on Marketo's " +
        'side and names no lead it touched), so imports of users with access to some partitions use the sync path.'
      );
  }
}

/** The path for a job of `validRows` rows that passed the check. */
export function choosePath(
  choice: PathChoice,
  owner: UserRecord,
  settings: PathSettings,
  validRows: number,
  bulkMinRows: number,
): 'sync' | 'bulk' {
  if (choice === 'sync' || bulkRefusalKind(owner, settings) !== undefined) return 'sync';
  return choice === 'bulk' || validRows >= bulkMinRows ? 'bulk' : 'sync';
}
