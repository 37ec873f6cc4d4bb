// Creating a bulk move: the target checked against the user's grants before anything is stored, then the list's
// rows stored page by page (a turn of the event loop between pages) and the job opened, `resolving`, for the
// runner to look up. An undo is made the same way from the moved rows of the job it undoes, already `running`.
import { randomUUID } from 'node:crypto';
import type { Catalog } from '../app-deps';
import { grantedPartitions, seesAllPartitions } from '../auth/access';
import type { MoveInputKind } from '../contract/moves';
import { checkGrantedPartitionName } from '../leads/lead-checks';
import { MOVE_PAGE_ROWS, type MovesRepo, type NewMoveRow } from '../store/moves-repo';
import type { UserRecord } from '../store/users-repo';
import { moveRowsOf, readMoveList } from './input-list';
import type { SelectionValues } from './selection-values';

/** Stores `rows` under a new job and opens it; a failure removes what was written. */
export async function storeJob(
  repo: MovesRepo,
  job: {
    user: UserRecord;
    target: string;
    kind: MoveInputKind;
    undoOf: string | null;
    undoOfEntry?: number;
    nowMs: number;
  },
  rows: readonly NewMoveRow[],
): Promise<string> {
  const id = randomUUID();
  await repo.createJob({
    id,
    userId: job.user.id,
    userEmail: job.user.email,
    target: job.target,
    kind: job.kind,
    undoOf: job.undoOf,
    undoOfEntry: job.undoOfEntry,
    state: job.undoOf === null && job.undoOfEntry === undefined ? 'resolving' : 'running',
    nowMs: job.nowMs,
  });
  try {
    for (let start = 0; start < rows.length; start += MOVE_PAGE_ROWS) {
      await repo.insertRows(id, rows.slice(start, start + MOVE_PAGE_ROWS));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await repo.open(id, rows.length);
  } catch (error) {
    await repo.discard(id).catch(() => undefined);
    throw error;
  }
  return id;
}

/** A new bulk move of `text`'s ids or emails to `target`, for `user` (an editor). */
export async function createMove(
  repo: MovesRepo,
  catalog: Catalog,
  user: UserRecord,
  request: { target: string; kind: MoveInputKind; text: string },
  nowMs: number,
): Promise<string> {
  await checkTarget(catalog, user, request.target);
  const rows = readMoveList(request.text, request.kind);
  return storeJob(repo, { user, target: request.target, kind: request.kind, undoOf: null, nowMs }, rows);
}

/** A new bulk move of values already read (an earlier job's selected rows), the target checked already. */
export async function createMoveOf(
  repo: MovesRepo,
  user: UserRecord,
  target: string,
  selection: SelectionValues,
  nowMs: number,
): Promise<string> {
  const rows = moveRowsOf(selection.values, selection.kind);
  return storeJob(repo, { user, target, kind: selection.kind, undoOf: null, nowMs }, rows);
}

/** A partition outside the user's grants gets the same 403 as one that does not exist. */
export async function checkTarget(catalog: Catalog, user: UserRecord, target: string): Promise<void> {
  const partitions = await catalog.partitions();
  checkGrantedPartitionName(
    target,
    partitions,
    grantedPartitions(user, partitions),
    seesAllPartitions(user),
    'target',
  );
}
