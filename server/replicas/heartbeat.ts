// A replica's heartbeat on the shared PostgreSQL: a row beaten every few seconds while it runs, removed on a clean
// stop. At start a replica refuses to run beside a live one unless both have REDIS_URL: without it each would spend
// Marketo's whole budget on its own (README.md "Several replicas").
import type { FastifyBaseLogger } from 'fastify';
import type { ConsoleDb } from '../store/kysely';
import { ReplicasRepo, type ReplicaIdentity, type ReplicaRecord } from '../store/replicas-repo';
import { StartupError } from '../startup-error';

export interface HeartbeatTiming {
  /** How often a replica beats. */
  beatMs: number;
  /** A replica whose last beat is older than this is gone (killed): it neither blocks a start nor is kept. */
  staleMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatTiming = { beatMs: 5_000, staleMs: 15_000 };

export interface ReplicaHeartbeat {
  /** Stops beating and removes this replica's row. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Registers `self` and starts beating, then checks its neighbours: a live replica that does not share Redis with
 * this one (either side without REDIS_URL) makes the start fail with a StartupError naming REDIS_URL. A row with a
 * recent beat may be left by a replica killed a moment ago, so it counts only once it beats again; one that stops
 * beating is waited out (at most `staleMs`).
 */
export async function joinReplicas(
  db: ConsoleDb,
  self: ReplicaIdentity,
  log: FastifyBaseLogger,
  timing: HeartbeatTiming = DEFAULT_HEARTBEAT,
): Promise<ReplicaHeartbeat> {
  const repo = new ReplicasRepo(db);
  await repo.register(self, timing.staleMs);
  let beating: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    beating = repo.beat(self).catch((error: unknown) => {
      log.warn({ err: error }, 'could not record this replica’s heartbeat');
    });
  }, timing.beatMs);
  timer.unref();
  const heartbeat: ReplicaHeartbeat = {
    async stop() {
      clearInterval(timer);
      await beating;
      await repo.remove(self.id);
    },
  };
  try {
    await refuseUnsharedNeighbours(repo, self, timing, log);
  } catch (error) {
    await heartbeat.stop();
    throw error;
  }
  return heartbeat;
}

async function refuseUnsharedNeighbours(
  repo: ReplicasRepo,
  self: ReplicaIdentity,
  timing: HeartbeatTiming,
  log: FastifyBaseLogger,
): Promise<void> {
  const clashing = async () =>
    (await repo.live(timing.staleMs)).filter(
      (other) => other.id !== self.id && !(self.sharesRedis && other.sharesRedis),
    );
  const seen = await clashing();
  if (seen.length === 0) return;
  log.info(
    { replicas: seen.map(({ host, pid }) => ({ host, pid })) },
    'another replica without a shared Redis has a recent heartbeat; waiting to see whether it is alive',
  );
  const deadline = Date.now() + timing.staleMs;
  while (Date.now() < deadline) {
    await sleep(Math.max(50, Math.floor(timing.beatMs / 10)));
    const now = await clashing();
    const alive = now.find((other) =>
      seen.some((first) => first.id === other.id && other.beatAtMs > first.beatAtMs),
    );
    if (alive) throw new StartupError(refusal(self, alive));
    if (!now.some((other) => seen.some((first) => first.id === other.id))) return;
  }
}

function refusal(self: ReplicaIdentity, other: ReplicaRecord): string {
  const who = `Another console replica (${other.host}, pid ${other.pid}) is running on this DATABASE_URL`;
  return self.sharesRedis
    ? `${who} without REDIS_URL, so it spends Marketo's limits on its own. Restart it with REDIS_URL set to the same Redis as this one, or stop it.`
    : `${who}. Replicas share Marketo's limits through Redis: set REDIS_URL (the same Redis) on every replica, or stop the other one.`;
}
