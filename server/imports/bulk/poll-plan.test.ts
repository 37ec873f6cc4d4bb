// The bulk poll plan on a made-up clock: a file is due when the pace Marketo showed for its job says it is done,
// within the floor and the ceiling, and a file still not done keeps the backoff.
import { describe, expect, it } from 'vitest';
import { BulkPollPlan } from './poll-plan';

const bounds = { firstMs: 2_000, maxMs: 60_000 };
const JOB = 'job-1';

describe('BulkPollPlan', () => {
  it('looks at the first file after the floor while no pace is known', () => {
    const plan = new BulkPollPlan(bounds);
    expect(plan.uploaded(JOB, 1, 100_000, 10_000)).toBe(12_000);
  });

  it('times a later file from the rows it holds and the pace an importing answer showed', () => {
    const plan = new BulkPollPlan(bounds);
    plan.uploaded(JOB, 1, 20_000, 0);
    // 4 s after the first file was accepted, Marketo has handled 8,000 of its rows: 2,000 rows a second.
    expect(plan.answered(JOB, 1, 8_000, false, 4_000)).toBe(true);
    // Marketo imports two files at once: file 2's 30,000 rows take 15 s from its upload.
    expect(plan.uploaded(JOB, 2, 30_000, 5_000)).toBe(20_000);
    // File 1 (20,000 rows) should be done at 10 s; asked again then, not on the 2 s backoff.
    expect(plan.nextLook(JOB, 1, 0, 4_000)).toBe(10_000);
  });

  it('keeps the floor and the ceiling', () => {
    const plan = new BulkPollPlan(bounds);
    plan.uploaded(JOB, 1, 1_000, 0);
    plan.answered(JOB, 1, 10, false, 10_000);
    // 1 row a second: 990 more rows would be 16 minutes; the ceiling asks after 60 s.
    expect(plan.nextLook(JOB, 1, 0, 10_000)).toBe(70_000);
    const fast = new BulkPollPlan(bounds);
    fast.uploaded(JOB, 1, 1_000, 0);
    fast.answered(JOB, 1, 1_000, true, 1_000);
    // 1,000 rows a second: a 100-row file is done at once, but never asked about before the floor.
    expect(fast.uploaded(JOB, 2, 100, 1_000)).toBe(3_000);
  });

  it('keeps the backoff for a file that is still not done when expected', () => {
    const plan = new BulkPollPlan(bounds);
    plan.uploaded(JOB, 1, 10_000, 0);
    plan.answered(JOB, 1, 5_000, false, 5_000);
    // Expected at 10 s; at 11 s it is still importing at the same pace…
    plan.answered(JOB, 1, 9_900, false, 11_000);
    // …its end is moments away, but after 3 looks it waits the backoff's 16 s.
    expect(plan.nextLook(JOB, 1, 3, 11_000)).toBe(27_000);
  });

  it('never slows its pace down on a finished file, which may have finished long before the look', () => {
    const plan = new BulkPollPlan(bounds);
    plan.uploaded(JOB, 1, 10_000, 0);
    plan.answered(JOB, 1, 5_000, false, 1_000);
    // Found finished only at 50 s: the 5,000 rows a second seen while importing still holds.
    expect(plan.answered(JOB, 1, 10_000, true, 50_000)).toBe(false);
    expect(plan.uploaded(JOB, 2, 10_000, 50_000)).toBe(52_000);
  });

  it('starts a third file once the first is done, as Marketo imports two at a time', () => {
    const plan = new BulkPollPlan(bounds);
    for (const batch of [1, 2, 3]) plan.uploaded(JOB, batch, 10_000, 0);
    plan.answered(JOB, 1, 5_000, false, 1_000);
    // 5,000 rows a second: file 1 done at 2 s, file 3 then takes 2 s more.
    expect(plan.firstLook(JOB, 3, 1_000)).toBe(4_000);
  });

  it('looks sooner at the next file after one was found finished at its first look', () => {
    const plan = new BulkPollPlan(bounds);
    plan.uploaded(JOB, 1, 10_000, 0);
    // Found done at 10 s: at least 1,000 rows a second, maybe much more; the next file is looked at 25 % sooner.
    plan.answered(JOB, 1, 10_000, true, 10_000);
    expect(plan.uploaded(JOB, 2, 10_000, 10_000)).toBe(18_000);
  });

  it('keeps each job to its own pace', () => {
    const plan = new BulkPollPlan(bounds);
    plan.uploaded(JOB, 1, 10_000, 0);
    plan.answered(JOB, 1, 5_000, false, 5_000);
    expect(plan.uploaded('job-2', 1, 10_000, 5_000)).toBe(7_000);
  });
});
