// Waiting for a Redis connection to notice a server stopping or coming back. Not `events.once`: that rejects on
// the first 'error', and a client reconnecting to a server that is not listening yet reports one each attempt.
import type { Redis } from 'ioredis';

/** Resolves at the connection's next `close` (it saw the server go) or `ready` (it is connected again). */
export function nextRedisEvent(client: Redis, event: 'close' | 'ready'): Promise<void> {
  return new Promise((resolve) => client.once(event, () => resolve()));
}
