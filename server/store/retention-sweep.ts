// One retention sweep (settings IMPORT_RETENTION_DAYS and AUDIT_RETENTION_DAYS): finished import jobs, finished bulk
// moves (retention-moves.ts) and audit
// entries past their days are deleted a page per transaction, with a turn of the event loop between pages so
// requests are answered meanwhile. The sweep is recorded before anything goes: an audit entry begun 'pending'
// with what it will delete, completed with what it did (left 'pending' if the process stopped in between).
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { AuditRepo } from './audit-repo';
import type { ConsoleDb } from './kysely';
import { filesBeingDeleted, ImportFilesRepo } from './import-files-repo';
import { countAuditBefore, deleteAuditPage } from './retention-audit';
import { deleteJobPage, expiredJobs, jobsBeingDeleted } from './retention-imports';
import { deleteMoveJobPage, expiredMoveJobs } from './retention-moves';

const DAY_MS = 24 * 3600_000;
/** Rows per transaction, as uploads store them (server/imports/file-ingest.ts). */
const PAGE_ROWS = 250;
/** An audit entry can hold 1,000 lead outcomes, so fewer go per page. */
const PAGE_AUDIT_ENTRIES = 100;
/** Who the sweep's own audit entry names. */
export const RETENTION_ACTOR = 'retention sweep';

/** Days kept; `null` keeps forever (server/config/config.ts `retention`). */
export interface RetentionPolicy {
  importDays: number | null;
  auditDays: number | null;
}

export interface RetentionDeps {
  db: ConsoleDb;
  audit: AuditRepo;
  now: () => number;
  policy: RetentionPolicy;
  /** Aborted on shutdown: the sweep stops between pages and records what it did. */
  signal?: AbortSignal;
}

export interface SweepOutcome {
  importJobs: number;
  moveJobs: number;
  auditEntries: number;
  /** The sweep's own audit entry; `null` when there was nothing to delete. */
  auditEntryId: number | null;
}

interface Cutoffs {
  importMs: number | null;
  auditMs: number | null;
}

function describe(cutoffs: Cutoffs, jobs: number, moves: number, entries: number, verb: string): string {
  const parts: string[] = [];
  if (cutoffs.auditMs !== null) {
    parts.push(`${entries} audit entries recorded before ${new Date(cutoffs.auditMs).toISOString()}`);
  }
  if (cutoffs.importMs !== null) {
    parts.push(
      `${jobs} finished import jobs (with their files, rows and results) finished before ` +
        new Date(cutoffs.importMs).toISOString(),
    );
    parts.push(`${moves} finished bulk moves (with their rows)`);
  }
  return `Retention: ${verb} ${parts.join(' and ')}`;
}

/** Answers whether the job is gone; a file whose removal a shutdown cut short is unused, and uploads remove it. */
async function deleteJob(db: ConsoleDb, job: { id: string; fileId: string }, signal?: AbortSignal) {
  jobsBeingDeleted.add(job.id);
  try {
    while ((await deleteJobPage(db, job.id, PAGE_ROWS)) > 0) {
      await nextTurn();
      if (signal?.aborted) return false;
    }
  } finally {
    jobsBeingDeleted.delete(job.id);
  }
  // The file goes only once no job uses it (deleteFilePage checks), as an unused upload does.
  const files = new ImportFilesRepo(db);
  filesBeingDeleted.add(job.fileId);
  try {
    while (!signal?.aborted && (await files.deleteFilePage(job.fileId, PAGE_ROWS)) > 0) await nextTurn();
  } finally {
    filesBeingDeleted.delete(job.fileId);
  }
  return true;
}

/** Deletes what the policy no longer keeps; records the sweep when it deletes anything. */
export async function sweepRetention(deps: RetentionDeps): Promise<SweepOutcome> {
  const { db, audit, policy, signal } = deps;
  const nowMs = deps.now();
  const cutoffs: Cutoffs = {
    importMs: policy.importDays === null ? null : nowMs - policy.importDays * DAY_MS,
    auditMs: policy.auditDays === null ? null : nowMs - policy.auditDays * DAY_MS,
  };
  const jobs = cutoffs.importMs === null ? [] : await expiredJobs(db, cutoffs.importMs);
  const moves = cutoffs.importMs === null ? [] : await expiredMoveJobs(db, cutoffs.importMs);
  const plannedEntries = cutoffs.auditMs === null ? 0 : await countAuditBefore(db, cutoffs.auditMs);
  if (jobs.length === 0 && moves.length === 0 && plannedEntries === 0)
    return { importJobs: 0, moveJobs: 0, auditEntries: 0, auditEntryId: null };
  // Throws when the trail cannot be written: then nothing is deleted.
  const auditEntryId = await audit.begin({
    user: { id: null, email: RETENTION_ACTOR },
    action: 'retention.sweep',
    partitions: [],
    leadIds: [],
    leads: [],
    requestIds: [],
    summary: describe(cutoffs, jobs.length, moves.length, plannedEntries, 'deleting'),
  });
  let importJobs = 0;
  let moveJobs = 0;
  let auditEntries = 0;
  try {
    // A stop is looked at between pages, after the first: a sweep asked to stop at once has still begun.
    for (const job of jobs) {
      if (!(await deleteJob(db, job, signal))) break;
      importJobs += 1;
      if (signal?.aborted) break;
    }
    for (const id of signal?.aborted ? [] : moves) {
      let removed = await deleteMoveJobPage(db, id, PAGE_ROWS);
      for (; removed !== 'kept' && removed > 0; removed = await deleteMoveJobPage(db, id, PAGE_ROWS))
        await nextTurn();
      if (removed === 0) moveJobs += 1;
      if (signal?.aborted) break;
    }
    while (cutoffs.auditMs !== null && !(signal?.aborted && importJobs + moveJobs + auditEntries > 0)) {
      const removed = await deleteAuditPage(db, cutoffs.auditMs, PAGE_AUDIT_ENTRIES);
      if (removed === 0) break;
      auditEntries += removed;
      await nextTurn();
    }
  } catch (error) {
    try {
      await audit.complete(auditEntryId, {
        outcome: 'failure',
        summary: `${describe(cutoffs, importJobs, moveJobs, auditEntries, 'deleted')}, then failed`,
      });
    } catch {
      // The entry stays 'pending', which says the sweep did not finish; the caller logs `error`.
    }
    throw error;
  }
  const stopped = signal?.aborted === true;
  await audit.complete(auditEntryId, {
    outcome: stopped ? 'partial' : 'success',
    summary:
      describe(cutoffs, importJobs, moveJobs, auditEntries, 'deleted') +
      (stopped ? ', then stopped for shutdown' : ''),
  });
  return { importJobs, moveJobs, auditEntries, auditEntryId };
}
