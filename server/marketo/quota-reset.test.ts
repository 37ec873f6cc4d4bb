import { describe, expect, it } from 'vitest';
import { chicagoDate, nextQuotaReset } from './quota-reset';

const reset = (iso: string) => nextQuotaReset(new Date(iso)).toISOString();

describe('nextQuotaReset', () => {
  it('is the next midnight in Chicago, standard and daylight time', () => {
    expect(reset('2026-01-15T12:00:00Z')).toBe('2026-01-16T06:00:00.000Z');
    expect(reset('2026-07-15T12:00:00Z')).toBe('2026-07-16T05:00:00.000Z');
  });

  it('uses the right offset on both sides of each DST switch', () => {
    // 2026-03-08 02:00 CST → 03:00 CDT: that day's midnight is still CST, the next one CDT.
    expect(reset('2026-03-07T12:00:00Z')).toBe('2026-03-08T06:00:00.000Z');
    expect(reset('2026-03-08T12:00:00Z')).toBe('2026-03-09T05:00:00.000Z');
    // 2026-11-01 02:00 CDT → 01:00 CST.
    expect(reset('2026-10-31T12:00:00Z')).toBe('2026-11-01T05:00:00.000Z');
    expect(reset('2026-11-01T12:00:00Z')).toBe('2026-11-02T06:00:00.000Z');
  });

  it('goes by the Chicago date, not the UTC one, and is strictly in the future', () => {
    // 03:00 UTC on the 16th is still the evening of the 15th in Chicago.
    expect(reset('2026-01-16T03:00:00Z')).toBe('2026-01-16T06:00:00.000Z');
    expect(reset('2026-01-16T06:00:00Z')).toBe('2026-01-17T06:00:00.000Z');
    expect(reset('2026-01-16T05:59:59.999Z')).toBe('2026-01-16T06:00:00.000Z');
  });

  it('handles year ends', () => {
    expect(reset('2026-12-31T20:00:00Z')).toBe('2027-01-01T06:00:00.000Z');
  });
});

describe('chicagoDate', () => {
  it('is the calendar date in Chicago', () => {
    expect(chicagoDate(new Date('2026-01-16T03:00:00Z'))).toBe('2026-01-15');
    expect(chicagoDate(new Date('2026-01-16T07:00:00Z'))).toBe('2026-01-16');
  });
});
