// Whether Marketo's daily quota is used up (a 607 was seen) and until when. In this process by default; with
// REDIS_URL shared by every replica (shared/shared-quota.ts), so each one's status page says so.

export interface QuotaState {
  /** Records a 607: the quota is gone until `resetsAt` (a later reset time wins, never an earlier one). */
  markExhausted(resetsAt: Date): void;
  /** Epoch ms until which the quota is known to be used up; 0 or a past time when it is not. */
  exhaustedUntil(): Promise<number>;
}

export class ProcessQuotaState implements QuotaState {
  private until = 0;

  markExhausted(resetsAt: Date): void {
    this.until = Math.max(this.until, resetsAt.getTime());
  }

  exhaustedUntil(): Promise<number> {
    return Promise.resolve(this.until);
  }
}
