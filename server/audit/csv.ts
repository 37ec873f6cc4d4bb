// CSV for the activity export (RFC 4180 quoting), with cells that a spreadsheet would run as a formula
// (= + - @, tab, carriage return at the start) defused by a leading apostrophe.
import type { ActivityEntry } from '../contract/activity';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula-safe, always quoted, quotes doubled. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

export const CSV_COLUMNS = [
  'id',
  'at',
  'user',
  'action',
  'outcome',
  'partitions',
  'leadIds',
  'leads',
  'requestIds',
  'summary',
] as const;

function leadsText(entry: ActivityEntry): string {
  return entry.leads
    .map((lead) =>
      [
        lead.leadId ?? (lead.index === undefined ? '' : `#${lead.index}`),
        lead.status,
        // A moved lead's way, as the Activity page shows it.
        lead.from !== undefined && lead.to !== undefined ? `${lead.from} -> ${lead.to}` : '',
        lead.reason ?? '',
      ]
        .filter((part) => part !== '')
        .join(' '),
    )
    .join('; ');
}

/** One CSV line (with CRLF) for an entry. */
export function csvRow(entry: ActivityEntry): string {
  return `${[
    entry.id,
    entry.at,
    entry.user.email,
    entry.action,
    entry.outcome,
    entry.partitions.join('; '),
    entry.leadIds.join(' '),
    leadsText(entry),
    entry.requestIds.join(' '),
    entry.summary,
  ]
    .map(csvCell)
    .join(',')}\r\n`;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.map(csvCell).join(',')}\r\n`;
}
