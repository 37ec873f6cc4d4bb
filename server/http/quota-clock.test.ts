import { describe, expect, it } from 'vitest';
import { nextQuotaReset } from './quota-clock';

describe('nextQuotaReset', () => {
  it('is the next midnight in Chicago, in summer (CDT, UTC-5) and winter (CST, UTC-6)', () => {
    expect(nextQuotaReset(new Date('2026-07-10T12:00:00Z')).toISOString()).toBe('2026-07-11T05:00:00.000Z');
    expect(nextQuotaReset(new Date('2026-01-10T12:00:00Z')).toISOString()).toBe('2026-01-11T06:00:00.000Z');
  });

  it('rolls over just after midnight and handles the DST switch days', () => {
    expect(nextQuotaReset(new Date('2026-01-11T06:00:01Z')).toISOString()).toBe('2026-01-12T06:00:00.000Z');
    // 2026-03-08 clocks go forward in Chicago; 2026-11-01 they go back.
    expect(nextQuotaReset(new Date('2026-03-07T12:00:00Z')).toISOString()).toBe('2026-03-08T06:00:00.000Z');
    expect(nextQuotaReset(new Date('2026-03-08T12:00:00Z')).toISOString()).toBe('2026-03-09T05:00:00.000Z');
    expect(nextQuotaReset(new Date('2026-11-01T12:00:00Z')).toISOString()).toBe('2026-11-02T06:00:00.000Z');
  });
});
