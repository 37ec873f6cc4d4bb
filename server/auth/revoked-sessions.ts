// Sessions ended while their row could not be deleted (the console database full or read-only). Sign-out fails
// closed: the session stops working in this process at once, and its row is deleted once the database takes
// writes again (`SessionManager.start` retries). Entries last until the session's absolute expiry, after which
// the row no longer resolves anyway.

// Each entry is ~100 bytes; far more sign-outs than a console sees while its database is broken.
const MAX_ENTRIES = 100_000;

export class RevokedSessions {
  /** Session id hash → when the session would have expired on its own (epoch ms). */
  private readonly until = new Map<string, number>();

  constructor(private readonly maxEntries = MAX_ENTRIES) {}

  add(idHash: string, expiresAt: number, now: number): void {
    this.until.set(idHash, expiresAt);
    if (this.until.size <= this.maxEntries) return;
    this.dropExpired(now);
    // Still full: forget the one closest to expiring on its own, the least harm a bound can do.
    if (this.until.size > this.maxEntries) this.until.delete(this.soonestToExpire());
  }

  has(idHash: string, now: number): boolean {
    const expiresAt = this.until.get(idHash);
    if (expiresAt === undefined) return false;
    if (expiresAt > now) return true;
    this.until.delete(idHash);
    return false;
  }

  /** The revoked id hashes whose rows may still exist. */
  pending(): string[] {
    return [...this.until.keys()];
  }

  forget(idHash: string): void {
    this.until.delete(idHash);
  }

  get size(): number {
    return this.until.size;
  }

  private dropExpired(now: number): void {
    for (const [idHash, expiresAt] of this.until) if (expiresAt <= now) this.until.delete(idHash);
  }

  private soonestToExpire(): string {
    let soonest: [string, number] | undefined;
    for (const entry of this.until) if (!soonest || entry[1] < soonest[1]) soonest = entry;
    return soonest?.[0] ?? '';
  }
}
