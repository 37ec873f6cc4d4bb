// Access tokens as Marketo's identity service hands them out (docs/marketo-api.md §3): one live token per client id,
// re-issued unchanged with a shrinking `expires_in`; the first use after expiry is 602, every later use 601.
import { randomUUID } from 'node:crypto';

interface TokenRecord {
  token: string;
  clientId: string;
  expiresAt: number;
  /** Set once the 602 for this token has been sent; from then on it is just an unknown string (601). */
  expiryReported: boolean;
  revoked: boolean;
}

export type TokenCheck = { ok: true; clientId: string } | { ok: false; code: '601' | '602' };

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
}

export class TokenStore {
  private readonly byToken = new Map<string, TokenRecord>();
  private readonly liveByClient = new Map<string, TokenRecord>();

  constructor(private readonly now: () => number) {}

  issue(clientId: string, ttlSeconds: number): IssuedToken {
    const now = this.now();
    const current = this.liveByClient.get(clientId);
    if (current && !current.revoked && current.expiresAt > now) {
      return {
        accessToken: current.token,
        expiresIn: Math.max(0, Math.floor((current.expiresAt - now) / 1000)),
      };
    }
    // The pod suffix mimics real tokens (`<uuid>:int`); clients must treat the whole string as opaque.
    const record: TokenRecord = {
      token: `${randomUUID()}:emu`,
      clientId,
      expiresAt: now + ttlSeconds * 1000,
      expiryReported: false,
      revoked: false,
    };
    this.byToken.set(record.token, record);
    this.liveByClient.set(clientId, record);
    // A fresh token reports one second less than its lifetime, as in Adobe's sample (3600 → 3599).
    return { accessToken: record.token, expiresIn: Math.max(0, ttlSeconds - 1) };
  }

  check(token: string): TokenCheck {
    const record = this.byToken.get(token);
    if (!record || record.revoked) return { ok: false, code: '601' };
    if (record.expiresAt > this.now()) return { ok: true, clientId: record.clientId };
    if (record.expiryReported) return { ok: false, code: '601' };
    record.expiryReported = true;
    return { ok: false, code: '602' };
  }

  /** An injected 602 makes the token really expired, so the client has to fetch a new one. */
  expire(token: string): void {
    const record = this.byToken.get(token);
    if (!record) return;
    record.expiresAt = Math.min(record.expiresAt, this.now());
    record.expiryReported = true;
  }

  /** An injected 601 makes the token really invalid. */
  revoke(token: string): void {
    const record = this.byToken.get(token);
    if (record) record.revoked = true;
  }

  clear(): void {
    this.byToken.clear();
    this.liveByClient.clear();
  }
}
