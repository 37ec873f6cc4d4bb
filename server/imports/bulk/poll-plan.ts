// When to ask Marketo about a bulk batch (README.md here, "Polling"): a batch is due when Marketo should have
// processed it, judged from the rows it holds and the pace Marketo's own status answers showed for the job's
// earlier files, so that a file is usually asked about once or twice instead of on a blind backoff. Marketo imports
// two files of an instance at a time, in upload order, so a file starts once the one two places ahead of it is
// done. Without an observed pace (the job's first file, or files uploaded before a restart: the plan lives in this
// process only) the first look comes after the floor; a file still not done keeps the backoff.
import type { Backoff } from '../runner-failures';

/** Floor (and first backoff step) and ceiling of the wait before a look at one batch. */
export type PollBounds = Backoff;

/** Files Marketo imports at once (Adobe's bulk import limits, docs/marketo-api-additions.md §16.1). */
const IMPORTING_AT_ONCE = 2;

/**
 * A file found finished at its first look may have finished long before it: the pace it shows is only a lower
 * bound, so the next file is looked at this much sooner, until a look finds one still importing (its true pace).
 */
const PROBE_FACTOR = 1.25;

/** A job not heard of for this long is forgotten (its files long answered). */
const FORGET_AFTER_MS = 6 * 60 * 60_000;

interface FileSeen {
  rows: number;
  uploadedAtMs: number;
  /** Marketo's last answer: rows handled (imported or failed) and when. */
  handled: number;
  answeredAtMs: number | undefined;
  doneAtMs: number | undefined;
}

interface JobPace {
  files: Map<number, FileSeen>;
  /** Rows per second Marketo imports one file of this job at, once an answer showed it. */
  rowsPerSecond: number | undefined;
  lastSeenMs: number;
}

export class BulkPollPlan {
  private readonly jobs = new Map<string, JobPace>();

  constructor(private readonly bounds: PollBounds) {}

  /** A file was accepted at `atMs`: answers when to look at it first. */
  uploaded(jobId: string, batch: number, rows: number, atMs: number): number {
    this.forgetIdle(atMs);
    let job = this.jobs.get(jobId);
    if (!job) {
      job = { files: new Map(), rowsPerSecond: undefined, lastSeenMs: atMs };
      this.jobs.set(jobId, job);
    }
    job.files.set(batch, {
      rows,
      uploadedAtMs: atMs,
      handled: 0,
      answeredAtMs: undefined,
      doneAtMs: undefined,
    });
    job.lastSeenMs = atMs;
    return this.firstLook(jobId, batch, atMs);
  }

  /** When to look first at a file not yet asked about: when the pace says it is done, within the floor and ceiling. */
  firstLook(jobId: string, batch: number, nowMs: number): number {
    return nowMs + this.clamp(this.expectedDoneMs(jobId, batch, nowMs) - nowMs, 0);
  }

  /**
   * Marketo answered about a file at `atMs`: `handled` rows (imported or failed) so far, `done` when finished.
   * Answers whether the job's pace changed (its files not yet asked about may then be due at another time).
   */
  answered(jobId: string, batch: number, handled: number, done: boolean, atMs: number): boolean {
    const job = this.jobs.get(jobId);
    const file = job?.files.get(batch);
    if (!job || !file) return false;
    job.lastSeenMs = atMs;
    const firstLook = file.answeredAtMs === undefined;
    const now = done ? file.rows : Math.max(file.handled, handled);
    // Rows since the last answer over the time since: from the upload for the first answer, so the wait in
    // Marketo's queue counts and the pace is at most the true one.
    const since = file.answeredAtMs ?? file.uploadedAtMs;
    const sample = atMs > since && now > file.handled ? (now - file.handled) / ((atMs - since) / 1000) : 0;
    const before = job.rowsPerSecond;
    if (!done && !firstLook && sample > 0) {
      // Two answers while importing: the pace as it is now, faster or slower.
      job.rowsPerSecond = sample;
    } else if (sample > 0) {
      const atLeast = Math.max(before ?? 0, sample);
      job.rowsPerSecond = done && firstLook ? atLeast * PROBE_FACTOR : atLeast;
    }
    file.handled = now;
    file.answeredAtMs = atMs;
    if (done) file.doneAtMs = atMs;
    return job.rowsPerSecond !== before;
  }

  /** When to look again at a file still not done after `polls` looks: its expected end, never before the backoff. */
  nextLook(jobId: string, batch: number, polls: number, nowMs: number): number {
    const backoff = this.bounds.firstMs * 2 ** Math.min(polls, 20);
    return nowMs + this.clamp(this.expectedDoneMs(jobId, batch, nowMs) - nowMs, backoff);
  }

  private expectedDoneMs(jobId: string, batch: number, nowMs: number): number {
    const job = this.jobs.get(jobId);
    return job?.rowsPerSecond && job.files.has(batch) ? this.doneAtMs(job, batch, job.rowsPerSecond) : nowMs;
  }

  /** When Marketo should be done with a file: its start in the queue, then its remaining rows at the pace. */
  private doneAtMs(job: JobPace, batch: number, rowsPerSecond: number): number {
    const file = job.files.get(batch)!;
    if (file.doneAtMs !== undefined) return file.doneAtMs;
    const remainingMs = ((file.rows - file.handled) / rowsPerSecond) * 1000;
    if (file.handled > 0 && file.answeredAtMs !== undefined) return file.answeredAtMs + remainingMs;
    // Not started when last seen: it starts once uploaded and once the file two places ahead of it is done.
    const ahead = batch - IMPORTING_AT_ONCE;
    const aheadDone = job.files.has(ahead) ? this.doneAtMs(job, ahead, rowsPerSecond) : 0;
    return Math.max(file.uploadedAtMs, aheadDone) + remainingMs;
  }

  private clamp(waitMs: number, atLeastMs: number): number {
    return Math.min(this.bounds.maxMs, Math.max(this.bounds.firstMs, atLeastMs, Math.ceil(waitMs)));
  }

  private forgetIdle(nowMs: number): void {
    for (const [jobId, job] of this.jobs)
      if (nowMs - job.lastSeenMs > FORGET_AFTER_MS) this.jobs.delete(jobId);
  }
}
