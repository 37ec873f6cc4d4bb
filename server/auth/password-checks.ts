// scrypt runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which static files
// and other file work share: 60 sign-ins at once used to fill it and make a static file wait 8 s. So at most
// `concurrency` hashes run at once, and at most `maxWaiting` wait their turn; past that, the answer is a quick
// 429 rather than a pile of requests each holding 32 MiB of scrypt memory for seconds.
import PQueue from 'p-queue';
import { ApiError } from '../http/api-error';

export interface PasswordCheckLimits {
  concurrency: number;
  maxWaiting: number;
}

/** Half the default thread pool: the other two threads stay free for files. */
export const DEFAULT_PASSWORD_CHECK_LIMITS: PasswordCheckLimits = { concurrency: 2, maxWaiting: 64 };

const BUSY_RETRY_SECONDS = 2;

export function passwordChecksBusy(): ApiError {
  return new ApiError(429, 'rate_limited', 'Too many sign-ins at once; try again in a few seconds.', {
    retryAt: new Date(Date.now() + BUSY_RETRY_SECONDS * 1000),
    headers: { 'retry-after': String(BUSY_RETRY_SECONDS) },
  });
}

export class PasswordCheckQueue {
  private readonly queue: PQueue;

  constructor(private readonly limits: PasswordCheckLimits = DEFAULT_PASSWORD_CHECK_LIMITS) {
    this.queue = new PQueue({ concurrency: limits.concurrency });
  }

  /** Runs `check` in its turn; throws `passwordChecksBusy()` at once when too many are already waiting. */
  run<T>(check: () => Promise<T>): Promise<T> {
    if (this.queue.size >= this.limits.maxWaiting) return Promise.reject(passwordChecksBusy());
    return this.queue.add(check);
  }

  /** Checks running now and waiting, for tests and diagnostics. */
  load(): { running: number; waiting: number } {
    return { running: this.queue.pending, waiting: this.queue.size };
  }
}

/** One per process, like the thread pool it protects. */
export const passwordChecks = new PasswordCheckQueue();
