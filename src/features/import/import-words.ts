import type { IntlShape } from 'react-intl';
import type {
  ImportAction,
  ImportDelimiter,
  ImportState,
  RowProblemKind,
} from '../../../server/contract/imports';
import type { MessageId } from '../../i18n/message-ids';

type ChipColor = 'default' | 'info' | 'success' | 'warning' | 'error';

/** "1 row", "12 rows": counts read as words everywhere on the import pages. */
export function rowsWords(intl: IntlShape, count: number): string {
  return intl.formatMessage({ id: 'import.rows' }, { count });
}

export const actionWords: Record<ImportAction, MessageId> = {
  createOrUpdate: 'leadForm.action.createOrUpdate',
  createOnly: 'leadForm.action.createOnly',
  updateOnly: 'leadForm.action.updateOnly',
};

export const delimiterWords: Record<ImportDelimiter, MessageId> = {
  ',': 'import.delimiter.comma',
  ';': 'import.delimiter.semicolon',
  '\t': 'import.delimiter.tab',
};

export const stateWords: Record<ImportState, { label: MessageId; color: ChipColor }> = {
  running: { label: 'import.state.running', color: 'info' },
  cancelling: { label: 'import.state.cancelling', color: 'warning' },
  cancelled: { label: 'import.state.cancelled', color: 'default' },
  completed: { label: 'import.state.completed', color: 'success' },
  failed: { label: 'import.state.failed', color: 'error' },
};

/** `label` is short enough for a button or chip; `description` says more where a status needs it. */
type RowStatusWords = { label: string; color: ChipColor; description?: string };
type KnownRowStatus = { label: MessageId; color: ChipColor; description?: MessageId };

// Keyed by any string: a status a newer proxy sends still gets words (`rowStatusWords`) rather than a crash.
const knownRowStatusWords: Partial<Record<string, KnownRowStatus>> = {
  pending: { label: 'import.status.pending', color: 'default' },
  created: { label: 'leadForm.status.created', color: 'success' },
  updated: { label: 'leadForm.status.updated', color: 'info' },
  written: {
    label: 'import.status.written',
    color: 'success',
    description: 'import.status.written.description',
  },
  skipped: { label: 'leadForm.status.skipped', color: 'warning' },
  failed: { label: 'import.state.failed', color: 'error' },
  cancelled: { label: 'import.status.cancelled', color: 'default' },
};

/** A row status in words; one these words do not know reads as itself. */
export function rowStatusWords(intl: IntlShape, status: string): RowStatusWords {
  const known = knownRowStatusWords[status];
  if (!known) return { label: status, color: 'default' };
  return {
    label: intl.formatMessage({ id: known.label }),
    color: known.color,
    ...(known.description && { description: intl.formatMessage({ id: known.description }) }),
  };
}

/** Completes "N rows with …": why rows of the file cannot be sent. */
export const problemKindWords: Record<RowProblemKind, MessageId> = {
  bad_email: 'import.problem.bad_email',
  missing_lookup: 'import.problem.missing_lookup',
  type_error: 'import.problem.type_error',
  too_long: 'import.problem.too_long',
  duplicate_key: 'import.problem.duplicate_key',
  column_count: 'import.problem.column_count',
};

/** "about 4 min left"; under a minute is said so rather than "about 0 min". */
export function timeLeftWords(intl: IntlShape, seconds: number): string {
  if (seconds < 60) return intl.formatMessage({ id: 'import.timeLeft.underMinute' });
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return intl.formatMessage({ id: 'import.timeLeft.minutes' }, { minutes });
  const hours = Math.floor(minutes / 60);
  return intl.formatMessage({ id: 'import.timeLeft.hours' }, { hours, minutes: minutes % 60 });
}

export function fileSizeWords(intl: IntlShape, bytes: number): string {
  if (bytes < 1024) return intl.formatMessage({ id: 'import.size.bytes' }, { size: bytes });
  if (bytes < 1024 * 1024)
    return intl.formatMessage({ id: 'import.size.kB' }, { size: Math.round(bytes / 1024) });
  const megabytes = intl.formatNumber(bytes / (1024 * 1024), {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  return intl.formatMessage({ id: 'import.size.MB' }, { size: megabytes });
}
