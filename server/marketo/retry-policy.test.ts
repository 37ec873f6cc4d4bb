import { describe, expect, it } from 'vitest';
import { backoffDelay, decide, type Failure, type RetrySettings } from './retry-policy';

const settings: RetrySettings = { windowMs: 20_000, baseDelayMs: 500, maxDelayMs: 8000, random: () => 0.5 };
const marketo = (code: string): Failure => ({ kind: 'marketo', code, message: 'x', requestId: 'r#1' });

describe('decide', () => {
  it('refreshes the token on 601 and 602', () => {
    expect(decide(marketo('601'), 1, true, settings)).toEqual({ action: 'refresh-token' });
    expect(decide(marketo('602'), 1, true, settings)).toEqual({ action: 'refresh-token' });
  });

  it('waits out the rate window after 606 and holds the whole budget', () => {
    expect(decide(marketo('606'), 1, true, settings)).toEqual({
      action: 'retry',
      delayMs: 20_250,
      holdOffMs: 20_000,
    });
  });

  it('backs off on transient codes, HTTP 5xx and network errors', () => {
    for (const code of ['604', '608', '611', '614', '615', '713']) {
      expect(decide(marketo(code), 1, true, settings).action, code).toBe('retry');
    }
    expect(decide({ kind: 'http', status: 502 }, 1, true, settings).action).toBe('retry');
    expect(decide({ kind: 'http', status: 500 }, 1, true, settings).action).toBe('retry');
    expect(decide({ kind: 'network', detail: 'ECONNRESET' }, 1, true, settings).action).toBe('retry');
  });

  it('reports 607 as the daily quota', () => {
    expect(decide(marketo('607'), 1, true, settings)).toEqual({ action: 'quota' });
  });

  it('treats every other code as final', () => {
    for (const code of ['603', '605', '609', '610', '612', '1003', '1006']) {
      expect(decide(marketo(code), 1, true, settings).action, code).toBe('final');
    }
    expect(decide({ kind: 'http', status: 413 }, 1, true, settings).action).toBe('final');
    expect(decide({ kind: 'http', status: 414 }, 1, true, settings).action).toBe('final');
  });

  it('does not resend a non-idempotent write after a failure that may have reached the database', () => {
    expect(decide(marketo('604'), 1, false, settings).action).toBe('final');
    expect(decide({ kind: 'network', detail: 'timed out' }, 1, false, settings).action).toBe('final');
    expect(decide({ kind: 'http', status: 502 }, 1, false, settings).action).toBe('final');
    // Refused at the door: nothing ran, so resending is safe.
    expect(decide(marketo('615'), 1, false, settings).action).toBe('retry');
    expect(decide(marketo('606'), 1, false, settings).action).toBe('retry');
  });
});

describe('backoffDelay', () => {
  it('doubles per retry, with jitter between half and the full step, up to the cap', () => {
    const low = { ...settings, random: () => 0 };
    const high = { ...settings, random: () => 0.999999 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, low))).toEqual([250, 500, 1000, 2000, 4000, 4000]);
    expect([1, 2, 3].map((n) => Math.round(backoffDelay(n, high)))).toEqual([500, 1000, 2000]);
  });
});
