import type {
  ImportAction,
  ImportDelimiter,
  ImportState,
  RowProblemKind,
} from '../../../server/contract/imports';

type ChipColor = 'default' | 'info' | 'success' | 'warning' | 'error';

/** "1 row", "12 rows": counts read as words everywhere on the import pages. */
export function rowsWords(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'row' : 'rows'}`;
}

export const actionWords: Record<ImportAction, string> = {
  createOrUpdate: 'Create or update',
  createOnly: 'Create only',
  updateOnly: 'Update only',
};

export const delimiterWords: Record<ImportDelimiter, string> = {
  ',': 'commas',
  ';': 'semicolons',
  '\t': 'tabs',
};

export const stateWords: Record<ImportState, { label: string; color: ChipColor }> = {
  running: { label: 'Running', color: 'info' },
  cancelling: { label: 'Cancelling', color: 'warning' },
  cancelled: { label: 'Cancelled', color: 'default' },
  completed: { label: 'Completed', color: 'success' },
  failed: { label: 'Failed', color: 'error' },
};

/** `label` is short enough for a button or chip; `description` says more where a status needs it. */
type RowStatusWords = { label: string; color: ChipColor; description?: string };

// Keyed by any string: a status a newer proxy sends still gets words (`rowStatusWords`) rather than a crash.
const knownRowStatusWords: Partial<Record<string, RowStatusWords>> = {
  pending: { label: 'Waiting', color: 'default' },
  created: { label: 'Created', color: 'success' },
  updated: { label: 'Updated', color: 'info' },
  written: {
    label: 'Written',
    color: 'success',
    description: 'Created or updated: the console could not tell which after a restart.',
  },
  skipped: { label: 'Skipped', color: 'warning' },
  failed: { label: 'Failed', color: 'error' },
  cancelled: { label: 'Not sent', color: 'default' },
};

/** A row status in words; one these words do not know reads as itself. */
export function rowStatusWords(status: string): RowStatusWords {
  return knownRowStatusWords[status] ?? { label: status, color: 'default' };
}

/** Completes "N rows with …": why rows of the file cannot be sent. */
export const problemKindWords: Record<RowProblemKind, string> = {
  bad_email: 'an email address that is not valid',
  missing_lookup: 'no value to match existing leads by',
  type_error: 'a value of the wrong kind (a number, date or yes/no was expected)',
  too_long: 'a value longer than its field allows',
  duplicate_key: 'the same key as an earlier row',
  column_count: 'more or fewer cells than the header row',
};

/** "about 4 min left"; under a minute is said so rather than "about 0 min". */
export function timeLeftWords(seconds: number): string {
  if (seconds < 60) return 'less than a minute left';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  return `about ${hours} h ${minutes % 60} min left`;
}

export function fileSizeWords(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
