// Cancelling a job a page of rows at a time, so cancelling 500,000 rows never holds the proxy for seconds: the job
// becomes `cancelling` first (no new chunk is taken), then its rows outside any chunk are cancelled page by page,
// then it is `cancelled`, or stays `cancelling` until the runner stores the chunk in flight. A cancel a crash cut
// short is finished when the runner starts (`finishInterruptedCancels`).
import { setImmediate as nextTurn } from 'node:timers/promises';
import { cancelsInProgress, type ImportsRepo } from '../store/imports-repo';
import { PAGE_ROWS } from './job-check';

/** Cancels a running job; answers the rows it cancelled, or `undefined` when it was already cancelling or finished. */
export async function cancelJob(
  repo: ImportsRepo,
  jobId: string,
  nowMs: number,
): Promise<{ cancelledRows: number } | undefined> {
  if (!(await repo.beginCancel(jobId))) return undefined;
  return { cancelledRows: await cancelFreeRows(repo, jobId, nowMs) };
}

async function cancelFreeRows(repo: ImportsRepo, jobId: string, nowMs: number): Promise<number> {
  cancelsInProgress.add(jobId);
  try {
    let cancelled = 0;
    for (;;) {
      // The last page and the close in one transaction: rows a chunk answered meanwhile handed back are in.
      const page = await repo.transaction(async () => {
        const rows = await repo.cancelFreeRowsPage(jobId, PAGE_ROWS);
        if (rows === 0) await repo.finishCancel(jobId, nowMs);
        return rows;
      });
      cancelled += page;
      if (page === 0) break;
      await nextTurn();
    }
    return cancelled;
  } finally {
    cancelsInProgress.delete(jobId);
  }
}

/** Finishes cancels a crash or a shutdown cut short; answers how many. */
export async function finishInterruptedCancels(repo: ImportsRepo, nowMs: number): Promise<number> {
  const interrupted = (await repo.cancellingJobIdsWithFreeRows()).filter((id) => !cancelsInProgress.has(id));
  for (const id of interrupted) await cancelFreeRows(repo, id, nowMs);
  return interrupted.length;
}
