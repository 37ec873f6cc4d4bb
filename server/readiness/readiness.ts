// Readiness (`GET /api/ready`): the console can serve its users only when its database takes writes, the import
// runner's loop is alive, and Marketo gives us tokens. Each check names what failed and why, never a secret.
import { proveWritable } from '../store/database';
import type { ConsoleDb } from '../store/kysely';
import { inTransaction } from '../store/transaction';
import { MarketoCheck, type CheckResult, type MarketoLink } from './marketo-check';

export const READINESS_CHECKS = ['database', 'imports', 'marketo'] as const;
export type ReadinessCheck = (typeof READINESS_CHECKS)[number];

export interface ReadinessDeps {
  /** The console database; each check commits one row to `write_check` (migrations.ts). */
  db: ConsoleDb;
  /** The import runner's heartbeat (`ImportRunner.lastTurnAt`). */
  runner: { lastTurnAt(): number | undefined };
  marketo: MarketoLink;
  /** Epoch milliseconds, like the heartbeat and the client's times (default Date.now; tests move it on). */
  now?: () => number;
}

/**
 * How long the runner may go without a turn before it counts as stuck: a turn is at most its idle cap
 * (server/imports/runner.ts `MAX_IDLE_MS`) or one chunk's calls, each under a 60 s deadline.
 */
export const RUNNER_STALE_MS = 3 * 60_000;

export type ReadinessReport = Record<ReadinessCheck, CheckResult>;

export class Readiness {
  private readonly marketo: MarketoCheck;
  private readonly now: () => number;

  constructor(private readonly deps: ReadinessDeps) {
    this.now = deps.now ?? Date.now;
    this.marketo = new MarketoCheck(deps.marketo, this.now);
  }

  async check(): Promise<ReadinessReport> {
    const [database, marketo] = await Promise.all([this.database(), this.marketo.check()]);
    return { database, imports: this.imports(), marketo };
  }

  private async database(): Promise<CheckResult> {
    try {
      await inTransaction(this.deps.db, () => proveWritable(this.deps.db, this.now()));
      return { ok: true };
    } catch (error) {
      // SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR_WRITE, 53100...: the cause, never the file's contents.
      const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
      const cause = typeof code === 'string' ? code : 'unknown error';
      return { ok: false, why: `the console database cannot be written (${cause})` };
    }
  }

  private imports(): CheckResult {
    const last = this.deps.runner.lastTurnAt();
    if (last === undefined) return { ok: false, why: 'the import runner is not running' };
    const quietMs = this.now() - last;
    if (quietMs > RUNNER_STALE_MS) {
      return { ok: false, why: `the import runner has not turned for ${Math.round(quietMs / 1000)} s` };
    }
    return { ok: true };
  }
}
