// The results download of a bulk move: every row of the list with its lead, source, target, status and reason,
// streamed page by page.
import { Readable } from 'node:stream';
import { csvCell } from '../audit/csv';
import type { MarketoPartition } from '../marketo/types';
import { MOVE_PAGE_ROWS, type MoveJobRecord, type MovesRepo } from '../store/moves-repo';
import { toMoveRow } from './rows-view';

export const MOVE_RESULT_COLUMNS = ['Row', 'Value', 'Lead id', 'From', 'To', 'Status', 'Reason'];

const line = (cells: readonly (string | number | null | undefined)[]) =>
  `${cells.map((cell) => csvCell(cell ?? null)).join(',')}\r\n`;

async function* resultsText(
  repo: MovesRepo,
  job: MoveJobRecord,
  partitions: readonly MarketoPartition[],
): AsyncGenerator<string> {
  // Excel reads a CSV without the BOM as the local code page.
  yield '\uFEFF' + line(MOVE_RESULT_COLUMNS);
  for (let after = 0; ;) {
    const page = await repo.rowsAfter(job.id, after, MOVE_PAGE_ROWS);
    if (page.length === 0) return;
    after = page.at(-1)!.row;
    yield page
      .map((record) => {
        const row = toMoveRow(record, partitions);
        const to = row.to ?? (row.status === 'ready' || row.status === 'in_target' ? job.target : undefined);
        return line([row.row, row.value, row.leadId, row.from, to, row.status, row.reason?.message]);
      })
      .join('');
  }
}

export function moveResultsCsv(
  repo: MovesRepo,
  job: MoveJobRecord,
  partitions: readonly MarketoPartition[],
): Readable {
  return Readable.from(resultsText(repo, job, partitions), { objectMode: false });
}
