// The list a move made from an earlier job's results takes: every row of an import or a move that matches the
// user's filter, over all its pages, read here rather than sent by the browser. Lead ids when every selected row
// has one (exact, no second lookup by email); otherwise each row's email (an import's mapped email column, or a
// move's own value). A row with neither stays in the list as `invalid`, so the counts still add up.
import type { MoveInputKind, MoveRowStatus } from '../contract/moves';
import type { ImportRowStatus } from '../contract/imports';
import { badRequest } from '../http/api-error';
import type { ImportJobRecord } from '../store/import-job-records';
import type { ImportsRepo } from '../store/imports-repo';
import { MOVE_PAGE_ROWS, type MoveJobRecord, type MovesRepo } from '../store/moves-repo';

export interface SelectionValues {
  kind: MoveInputKind;
  values: string[];
}

interface SelectedRow {
  leadId: number | null;
  /** The row's value of `otherKind`, for when some row has no lead id. */
  other: string;
}

function valuesOf(rows: readonly SelectedRow[], otherKind: MoveInputKind): SelectionValues {
  if (rows.length === 0) {
    throw badRequest('No rows match this filter: there is nothing to move.', [], {
      reason: 'move_selection_empty',
    });
  }
  if (rows.every((row) => row.leadId !== null)) {
    return { kind: 'id', values: rows.map((row) => String(row.leadId)) };
  }
  return { kind: otherKind, values: rows.map((row) => row.other) };
}

/** The rows of `job` of `status` (and reason code), as lead ids or emails. */
export async function importSelection(
  repo: ImportsRepo,
  job: ImportJobRecord,
  filter: { status?: ImportRowStatus | undefined; reasonCode?: string | undefined },
): Promise<SelectionValues> {
  const emailColumn = (await repo.jobMapping(job.id)).indexOf('email');
  const rows: SelectedRow[] = [];
  for (let after = 0; ;) {
    const page = await repo.resultsMatchingAfter(job, filter, after, MOVE_PAGE_ROWS);
    for (const result of page) {
      const email = emailColumn < 0 ? undefined : result.cells[emailColumn];
      rows.push({
        leadId: result.leadId,
        other: email ?? (result.leadId === null ? '' : String(result.leadId)),
      });
    }
    if (page.length < MOVE_PAGE_ROWS) break;
    after = page[page.length - 1]!.row;
  }
  return valuesOf(rows, emailColumn < 0 ? 'id' : 'email');
}

/** The rows of move `job` of `status` (and reason code), as lead ids or as the values it was listed with. */
export async function moveSelection(
  repo: MovesRepo,
  job: MoveJobRecord,
  filter: { status?: MoveRowStatus | undefined; reasonCode?: string | undefined },
): Promise<SelectionValues> {
  const rows: SelectedRow[] = [];
  for (let after = 0; ;) {
    const page = await repo.rowsMatchingAfter(job.id, filter, after, MOVE_PAGE_ROWS);
    for (const row of page) rows.push({ leadId: row.leadId, other: row.value });
    if (page.length < MOVE_PAGE_ROWS) break;
    after = page[page.length - 1]!.row;
  }
  return valuesOf(rows, job.kind);
}
