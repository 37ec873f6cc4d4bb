import { describe, expect, it } from 'vitest';
import { MarketoApiError, MarketoUnavailableError } from './errors';
import { failureReason, recordResults, toMoveOutcome, toSyncOutcome } from './record-results';

describe('recordResults', () => {
  it('refuses a result list whose length differs from the batch', () => {
    expect(() => recordResults([{ id: 1, status: 'created' }], 2, 'r#1')).toThrow(MarketoUnavailableError);
    expect(() => recordResults(undefined, 1)).toThrow(/batch of 1 with 0 results/);
    expect(() => recordResults([{ nope: true }], 1)).toThrow(/malformed/);
  });

  it('accepts codes as strings or numbers', () => {
    const [result] = recordResults(
      [{ status: 'skipped', reasons: [{ code: 1005, message: 'Lead already exists' }] }],
      1,
    );
    expect(result?.reasons).toEqual([{ code: '1005', message: 'Lead already exists' }]);
  });
});

describe('toSyncOutcome', () => {
  it('maps created/updated/skipped and fails anything else', () => {
    expect(toSyncOutcome({ id: 5, status: 'created' })).toEqual({ status: 'created', id: 5 });
    expect(
      toSyncOutcome({ status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] }),
    ).toEqual({
      status: 'skipped',
      reasons: [{ code: '1004', message: 'Lead not found' }],
    });
    expect(toSyncOutcome({ id: 5, status: 'queued' })).toMatchObject({ status: 'failed', id: 5 });
  });
});

describe('toMoveOutcome', () => {
  it('refuses a result for a different lead than the one at that position', () => {
    expect(() => toMoveOutcome({ id: 1, partitionName: 'X' }, { id: 2, status: 'updated' })).toThrow(
      MarketoUnavailableError,
    );
    expect(toMoveOutcome({ id: 1, partitionName: 'X' }, { id: 1, status: 'updated' })).toEqual({
      id: 1,
      status: 'updated',
    });
  });
});

describe('failureReason', () => {
  it("carries Marketo's code, or network", () => {
    expect(failureReason(new MarketoApiError('611', 'System error', 'r')).code).toBe('611');
    expect(failureReason(new MarketoUnavailableError('606', 'busy')).code).toBe('606');
    expect(failureReason(new MarketoUnavailableError('network', 'down')).code).toBe('network');
    expect(failureReason(new MarketoUnavailableError('deadline', 'slow')).code).toBe('network');
  });
});
