// A bulk move's list as the user gave it: one id or email a line, or CSV text whose header names an `id` or `email`
// column (a spreadsheet export). Each line becomes a row: valid, invalid (said why), or a duplicate of an earlier one.
import { parse } from 'csv-parse/sync';
import { MOVE_MAX_ROWS, type MoveInputKind } from '../contract/moves';
import { badRequest } from '../http/api-error';
import type { NewMoveRow } from '../store/moves-repo';

const EMAIL = /^[^\s@,]+@[^\s@,]+$/;

/** The rows of `text`, numbered from 1 in list order; a 400 when the list is empty or too long. */
export function readMoveList(text: string, kind: MoveInputKind): NewMoveRow[] {
  const values = listValues(text, kind);
  if (values.length === 0) {
    throw badRequest(`The list holds no ${kind === 'id' ? 'lead id' : 'email'}.`, [], {
      reason: 'move_list_empty',
      params: { kind },
    });
  }
  return moveRowsOf(values, kind);
}

/** Rows of `values` as they were listed (an empty one is invalid); a 400 when there are too many. */
export function moveRowsOf(values: readonly string[], kind: MoveInputKind): NewMoveRow[] {
  if (values.length > MOVE_MAX_ROWS) {
    throw badRequest(
      `A move takes at most ${MOVE_MAX_ROWS.toLocaleString('en')} rows; this list has ${values.length}.`,
      [],
      { reason: 'move_list_too_long', params: { max: MOVE_MAX_ROWS, count: values.length } },
    );
  }
  const seen = new Set<string>();
  return values.map((value, index) => {
    const row = index + 1;
    const key = kind === 'id' ? idKey(value) : emailKey(value);
    if (key === undefined) return { row, value, status: 'invalid' };
    if (seen.has(key)) return { row, value, status: 'duplicate' };
    seen.add(key);
    return { row, value: kind === 'id' ? key : value.trim(), status: 'unresolved' };
  });
}

function idKey(value: string): string | undefined {
  const trimmed = value.trim();
  if (!/^[0-9]{1,15}$/.test(trimmed)) return undefined;
  const id = Number(trimmed);
  return Number.isSafeInteger(id) && id > 0 ? String(id) : undefined;
}

function emailKey(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed.length <= 255 && EMAIL.test(trimmed) ? trimmed.toLowerCase() : undefined;
}

/** The non-empty values of the list: a CSV column when the header names one, otherwise every line. */
function listValues(text: string, kind: MoveInputKind): string[] {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].find((candidate) => firstLine.includes(candidate));
  if (delimiter !== undefined) {
    let records: string[][];
    try {
      const parsed: unknown = parse(body, { delimiter, relax_column_count: true, skip_empty_lines: true });
      records = parsed as string[][];
    } catch (error) {
      throw badRequest(`The list is not readable CSV: ${(error as Error).message}`, [], {
        reason: 'move_list_not_csv',
      });
    }
    const header = (records[0] ?? []).map((cell) => cell.trim().toLowerCase());
    const column = header.indexOf(kind);
    if (column < 0) {
      throw badRequest(`The CSV text has no "${kind}" column in its first line.`, [], {
        reason: 'move_list_no_column',
        params: { kind },
      });
    }
    return records.slice(1).flatMap((record) => {
      const cell = (record[column] ?? '').trim();
      return cell === '' ? [] : [cell];
    });
  }
  const lines = body.split(/\r?\n/).map((line) => line.trim());
  // A lone header line ("email", "Id") is not a value.
  if (lines[0]?.toLowerCase() === kind) lines.shift();
  return lines.filter((line) => line !== '');
}
