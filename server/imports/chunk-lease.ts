// Keeping a chunk's lease while its call is in flight: renewed every third of a lease, so the chunk stays this
// replica's however long Marketo takes, and lapses within one lease once the replica is gone (README.md).
import type { FastifyBaseLogger } from 'fastify';
import type { ChunkLease } from '../store/import-runs-repo';

/** A repository whose `sending` chunks are leased: an import's or a bulk move's. */
export interface LeasedChunks {
  readonly lease: ChunkLease;
  renewLease(jobId: string, chunk: number, untilMs: number): Promise<boolean>;
}

export interface LeaseKeeping {
  repo: LeasedChunks;
  now: () => number;
  log: FastifyBaseLogger;
}

/** Runs `work` while renewing the lease on `chunk` of `jobId`; the renewals stop when it settles. */
export async function whileLeased<T>(
  keeping: LeaseKeeping,
  jobId: string,
  chunk: number,
  work: () => Promise<T>,
): Promise<T> {
  const { repo, now, log } = keeping;
  let settled = false;
  const renew = async () => {
    try {
      const held = await repo.renewLease(jobId, chunk, now() + repo.lease.ms);
      // A renewal waiting behind the transaction that stores the answer finds the chunk `done`: not a loss. A real
      // takeover is told when the answer cannot be stored (ChunkLeaseLost).
      if (!held && !settled) log.debug({ jobId, chunk }, 'the lease of a chunk was not renewed');
    } catch (error) {
      log.warn({ jobId, chunk, err: error }, 'could not renew the lease of a chunk');
    }
  };
  const timer = setInterval(() => void renew(), Math.max(1, Math.floor(repo.lease.ms / 3)));
  timer.unref();
  try {
    return await work();
  } finally {
    settled = true;
    clearInterval(timer);
  }
}
