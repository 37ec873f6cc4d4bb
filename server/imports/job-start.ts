// Starting a job from a stored file, in pages, so a 500,000-row file never holds the proxy for seconds: the job
// row is written first with `total` 0 (neither listed nor run), then the check's outcome for each page of rows in
// its own transaction, and last, in one transaction, the totals that open the job together with its audit entry.
// Until then nothing can send a row of it; a start that fails is undone, and one cut short by a crash is removed
// when the runner starts (`discardUnopenedJobs`).
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ParsedImportSettings } from '../contract/imports';
import type { ImportFileRecord } from '../store/import-files-repo';
import type { ImportJobRecord } from '../store/import-job-records';
import type { ImportsRepo } from '../store/imports-repo';
import { judgeFile, outcomeOf, PAGE_ROWS } from './job-check';
import type { ImportPlan } from './row-check';

export interface JobStart {
  id: string;
  user: { id: number; email: string };
  partitionName: string;
  createdAtMs: number;
  /** The replica writing it (`ImportRunner.replicaId`). */
  startedBy: string;
}

export interface StartHooks {
  /** Sees the totals before the job opens; throws to create nothing. */
  accept(totals: { total: number; skipped: number }): Promise<void>;
  /** Runs in the transaction that opens the job (for its audit entry); throws to create nothing. */
  opened?(job: ImportJobRecord): Promise<void>;
}

/** Jobs this process is writing right now: begun, not yet opened, and not left over by a crash. */
const preparing = new Set<string>();

/**
 * Creates the job with one result per row: rows that fail the check are `skipped` with their reason, the rest
 * `pending`. Resolves with the opened job; rejects (having removed what it wrote) when a hook throws.
 */
export async function startJob(
  repo: ImportsRepo,
  file: ImportFileRecord,
  settings: ParsedImportSettings,
  plan: ImportPlan,
  start: JobStart,
  hooks: StartHooks,
): Promise<ImportJobRecord> {
  preparing.add(start.id);
  try {
    await repo.beginJob({
      id: start.id,
      fileId: file.id,
      user: start.user,
      partitionName: start.partitionName,
      action: settings.action,
      lookupField: settings.lookupField,
      mapping: settings.mapping,
      createdAtMs: start.createdAtMs,
      startedBy: start.startedBy,
    });
    try {
      let total = 0;
      let skipped = 0;
      await judgeFile(repo, file.id, plan, async (judged) => {
        total += judged.length;
        skipped += judged.filter(({ judgement }) => !judgement.ok).length;
        await repo.addResults(
          start.id,
          judged.map(({ row, judgement }) => ({ row: row.row, outcome: outcomeOf(judgement) })),
        );
      });
      return await repo.transaction(async () => {
        await hooks.accept({ total, skipped });
        const job = await repo.openJob(start.id, { total, skipped });
        await hooks.opened?.(job);
        return job;
      });
    } catch (error) {
      // Best effort: what is left (the database closed under us) goes at the next start of the runner.
      await discardJob(repo, start.id).catch(() => undefined);
      throw error;
    }
  } finally {
    preparing.delete(start.id);
  }
}

/** Removes a job that was never opened, and its results, a page per transaction. */
async function discardJob(repo: ImportsRepo, jobId: string): Promise<void> {
  while ((await repo.discardJobPage(jobId, PAGE_ROWS)) > 0) await nextTurn();
}

/**
 * Removes jobs a start left unopened (cut short by a crash or a shutdown); answers how many. A job whose writer
 * `isWriting` (another live replica) is left to it.
 */
export async function discardUnopenedJobs(
  repo: ImportsRepo,
  isWriting: (startedBy: string | null) => boolean,
): Promise<number> {
  const leftOver = (await repo.unopenedJobs()).filter(
    (job) => !preparing.has(job.id) && !isWriting(job.startedBy),
  );
  for (const job of leftOver) await discardJob(repo, job.id);
  return leftOver.length;
}
