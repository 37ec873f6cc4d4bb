// MarketoClient's activity calls against the real emulator: types, the paging token, pages followed to the end
// or to the cap, the limits refused before any call, and retries like every other call.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index';
import { emulatorControl, type EmulatorControl } from '../emulator/test-helpers';
import { MarketoClient } from './client';

let emulator: RunningEmulator;
let control: EmulatorControl;
let client: MarketoClient;

const LEAD = 318816;
const CHANGE_PARTITION = 100;
const SINCE = '2020-01-01T00:00:00Z';

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  control = emulatorControl(emulator.origin);
});
afterAll(async () => {
  await client?.close();
  await emulator.close();
});
beforeEach(async () => {
  await client?.close();
  await control.reset();
  client = new MarketoClient({
    baseUrl: emulator.origin,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    callsPer20s: 90,
    maxConcurrent: 5,
    retryBaseDelayMs: 10,
    // A 606 waits out the window: keep it short.
    windowMs: 300,
  });
});

/** `n` real moves of LEAD, alternating between Canada and Default, in batches of 300. */
async function moveBackAndForth(n: number): Promise<void> {
  const moves = Array.from({ length: n }, (_, i) => ({
    id: LEAD,
    partitionName: i % 2 ? 'Default' : 'Canada',
  }));
  const outcomes = await client.updateLeadPartition(moves);
  expect(outcomes.every((outcome) => outcome.status === 'updated')).toBe(true);
}

describe('getActivityTypes', () => {
  it('lists the instance’s types by id and name', async () => {
    expect(await client.getActivityTypes()).toEqual([
      { id: 12, name: 'New Lead' },
      { id: 100, name: 'Change Lead Partition' },
    ]);
  });
});

describe('getLeadActivities', () => {
  it('follows pages of 300 until Marketo says there is no more', async () => {
    await moveBackAndForth(650);
    const read = await client.getLeadActivities({
      sinceDatetime: SINCE,
      activityTypeIds: [CHANGE_PARTITION],
      leadIds: [LEAD],
    });
    expect(read.complete).toBe(true);
    expect(read.activities).toHaveLength(650);
    expect(read.activities[0]?.attributes).toContainEqual({ name: 'Old Partition ID', value: 2 });
    // One paging token, then pages of 300, 300 and 50.
    expect((await control.stats()).callsByPath).toMatchObject({
      '/rest/v1/activities/pagingtoken.json': 1,
      '/rest/v1/activities.json': 3,
    });
  });

  it('stops at the page cap and says the read is incomplete', async () => {
    await moveBackAndForth(301);
    const read = await client.getLeadActivities({
      sinceDatetime: SINCE,
      activityTypeIds: [CHANGE_PARTITION],
      leadIds: [LEAD],
      maxPages: 1,
    });
    expect(read).toMatchObject({ complete: false });
    expect(read.activities).toHaveLength(300);
  });

  it('retries a 606 like every other call', async () => {
    await moveBackAndForth(1);
    await control.injectFault({ code: '606', count: 1, path: '/rest/v1/activities.json' });
    const read = await client.getLeadActivities({
      sinceDatetime: SINCE,
      activityTypeIds: [CHANGE_PARTITION],
      leadIds: [LEAD],
    });
    expect(read.activities.map((activity) => activity.primaryAttributeValue)).toEqual(['Canada']);
    expect((await control.stats()).errorsByCode['606']).toBe(1);
  });

  it('refuses more than 10 types or 30 leads before any call', async () => {
    const before = (await control.stats()).calls;
    const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    await expect(
      client.getLeadActivities({ sinceDatetime: SINCE, activityTypeIds: ids(11), leadIds: [LEAD] }),
    ).rejects.toThrow(RangeError);
    await expect(
      client.getLeadActivities({ sinceDatetime: SINCE, activityTypeIds: [12], leadIds: ids(31) }),
    ).rejects.toThrow(RangeError);
    expect((await control.stats()).calls).toBe(before);
  });
});
