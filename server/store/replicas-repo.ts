// The `console_replicas` table (migrations.ts `console_replicas`): one row per running replica, its beat kept fresh
// by server/replicas/heartbeat.ts. PostgreSQL only (SQLite serves one process), and timed by the database's clock,
// so replicas on hosts whose clocks disagree still agree on which beat is recent.
import { sql } from 'kysely';
import type { ConsoleDb } from './kysely';

export interface ReplicaIdentity {
  id: string;
  host: string;
  pid: number;
  /** Whether it runs with REDIS_URL, sharing Marketo's limits with the others. */
  sharesRedis: boolean;
}

export interface ReplicaRecord extends ReplicaIdentity {
  startedAtMs: number;
  beatAtMs: number;
}

const DB_NOW_MS = sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

export class ReplicasRepo {
  constructor(private readonly consoleDb: ConsoleDb) {
    if (consoleDb.dialect !== 'postgres') throw new Error('replica heartbeats live on PostgreSQL only');
  }

  /** Records `self` as beating now, and forgets replicas silent for longer than `staleMs` (killed, never stopped). */
  async register(self: ReplicaIdentity, staleMs: number): Promise<void> {
    await sql`DELETE FROM console_replicas WHERE beat_at_ms < ${DB_NOW_MS} - ${staleMs}`.execute(
      this.consoleDb.db,
    );
    await this.beat(self);
  }

  /** Marks `self` alive now (its row made again if someone removed it meanwhile). */
  async beat(self: ReplicaIdentity): Promise<void> {
    await sql`INSERT INTO console_replicas (id, host, pid, started_at_ms, beat_at_ms, shares_redis)
      VALUES (${self.id}, ${self.host}, ${self.pid}, ${DB_NOW_MS}, ${DB_NOW_MS}, ${self.sharesRedis})
      ON CONFLICT (id) DO UPDATE SET beat_at_ms = EXCLUDED.beat_at_ms`.execute(this.consoleDb.db);
  }

  /** Replicas whose last beat is at most `staleMs` old. */
  async live(staleMs: number): Promise<ReplicaRecord[]> {
    const { rows } = await sql<ReplicaRecord>`
      SELECT id, host, pid, started_at_ms AS "startedAtMs", beat_at_ms AS "beatAtMs", shares_redis AS "sharesRedis"
      FROM console_replicas WHERE beat_at_ms >= ${DB_NOW_MS} - ${staleMs} ORDER BY started_at_ms, id`.execute(
      this.consoleDb.db,
    );
    return rows;
  }

  async remove(id: string): Promise<void> {
    await sql`DELETE FROM console_replicas WHERE id = ${id}`.execute(this.consoleDb.db);
  }
}
