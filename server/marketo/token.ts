// Access tokens: one identity call in flight at a time, shared by every concurrent caller; a token is reused
// until fewer than 60 s of it remain, and a token identity hands back again until fewer than 5 s remain.

export interface TokenGrant {
  accessToken: string;
  /** Seconds the token has left, as the identity endpoint reported it (may be 0). */
  expiresInSeconds: number;
}

export interface TokenManagerOptions {
  /** Performs one identity call; throws on failure. */
  fetchToken: () => Promise<TokenGrant>;
  now?: () => number;
  /** Wait before asking again when a token arrives with `expires_in: 0` (default 1000 ms). */
  zeroExpiryWaitMs?: number;
  /** How many times to ask again for a just-expiring token before using it anyway (default 2). */
  zeroExpiryRetries?: number;
}

const REFRESH_MARGIN_MS = 60_000;
/**
 * For a token identity handed back again. Marketo answers a request made before expiry with the same token and
 * its shrinking `expires_in` (docs/marketo-api.md §3.1), so asking again at 60 s left only brings it back with less: reuse it
 * until this close to expiry, then (as it comes back once more) to its end, after which identity issues a new one.
 */
const SAME_TOKEN_MARGIN_MS = 5_000;

/** How long before its expiry a token stops being reused. */
function reuseMargin(lifeMs: number, again: boolean): number {
  // A new token: 60 s early for real tokens (3600 s); short test tokens (emulator) keep half their life.
  if (!again) return Math.min(REFRESH_MARGIN_MS, lifeMs / 2);
  // The same token again: asking before its last 5 s would only bring it back once more. In its last seconds
  // use it to the end; expires_in is rounded down, so it is still valid then, and identity issues a new one
  // after (a late request's 602 is answered by a new token and a resend).
  return lifeMs > SAME_TOKEN_MARGIN_MS ? SAME_TOKEN_MARGIN_MS : 0;
}

/**
 * The bearer token every call sends. In process (`TokenManager`) or shared by every replica through Redis
 * (`SharedTokenManager`, server/marketo/shared/shared-token.ts); callers cannot tell which.
 */
export interface AccessTokens {
  /** A token worth sending now; asks identity when none is held. `signal` stops only this caller's wait. */
  get(signal?: AbortSignal): Promise<string>;
  /** The token held right now if still fresh, without asking anyone. */
  peek(): string | undefined;
  /** Forgets `token` after Marketo refused it; whether it was still the current one. */
  invalidate(token: string): boolean | Promise<boolean>;
}

/** A token held, and until when it is reused (epoch ms). */
export interface HeldToken {
  token: string;
  reuseUntil: number;
}

/**
 * Asks identity until it hands out a token worth holding (a token with `expires_in: 0` is asked for again, up to
 * `zeroExpiryRetries` times). `lastIssued` is the token identity handed out before, to recognise it coming back.
 */
export async function requestToken(
  options: TokenManagerOptions,
  lastIssued: string | undefined,
): Promise<HeldToken> {
  const now = options.now ?? Date.now;
  const retries = options.zeroExpiryRetries ?? 2;
  for (let attempt = 0; ; attempt++) {
    const askedAt = now();
    const grant = await options.fetchToken();
    const lifeMs = Math.max(0, grant.expiresInSeconds) * 1000;
    const again = grant.accessToken === lastIssued;
    lastIssued = grant.accessToken;
    // Marketo has been seen to answer expires_in 0 for a token that is just expiring: ask again shortly
    // rather than send a request that will come back 602.
    if (lifeMs === 0 && attempt < retries) {
      await delay(options.zeroExpiryWaitMs ?? 1000);
      continue;
    }
    return { token: grant.accessToken, reuseUntil: askedAt + lifeMs - reuseMargin(lifeMs, again) };
  }
}

/** Caches the bearer token and refreshes it early. Never logs or exposes the token beyond `get()`. */
export class TokenManager implements AccessTokens {
  private current: HeldToken | undefined;
  private inflight: Promise<string> | undefined;
  /** The last token identity returned, cached or not, to recognise it when it comes back. */
  private lastIssued: string | undefined;
  private readonly now: () => number;

  constructor(private readonly options: TokenManagerOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * A token worth sending now. Concurrent callers during a refresh share the one identity call; `signal`
   * only stops this caller from waiting, never the shared call.
   */
  async get(signal?: AbortSignal): Promise<string> {
    if (this.current && this.now() < this.current.reuseUntil) return this.current.token;
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return signal ? raceAbort(this.inflight, signal) : this.inflight;
  }

  /** The cached token if it is still fresh, without ever calling identity. */
  peek(): string | undefined {
    return this.current && this.now() < this.current.reuseUntil ? this.current.token : undefined;
  }

  /**
   * Forgets `token` after Marketo refused it (601/602); a newer token obtained meanwhile is kept. Returns
   * whether `token` was still the current one: `false` means another caller already replaced or dropped it,
   * so this refusal says nothing new about the credential.
   */
  invalidate(token: string): boolean {
    if (this.current?.token !== token) return false;
    this.current = undefined;
    return true;
  }

  private async refresh(): Promise<string> {
    const held = await requestToken(this.options, this.lastIssued);
    this.lastIssued = held.token;
    this.current = held;
    return held.token;
  }
}

async function delay(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves like `promise` unless `signal` aborts first (then rejects with its reason). */
export async function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw signal.reason;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
