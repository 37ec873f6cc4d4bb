// Hostile input: the emulator must answer every request the way Marketo would, never crash, never half-apply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './index';
import { type RestClient, restClient } from './test-client';
import { type EmulatorControl, type EmulatorLead, emulatorControl } from './test-helpers';

let emulator: RunningEmulator;
let client: RestClient;
let control: EmulatorControl;
let seed: EmulatorLead[];

beforeAll(async () => {
  // The rate limit is lifted so every hostile request reaches the handlers instead of stopping at 606.
  emulator = await startEmulator({ config: { callsPer20s: 100_000 } });
  client = await restClient(emulator);
  control = emulatorControl(emulator.origin);
  seed = await control.leads();
});
afterAll(async () => {
  await emulator.close();
});

/** A small deterministic generator, so a failure can be replayed. */
function prng(seedValue: number): () => number {
  let s = seedValue >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WRITE_PATHS = ['/v1/leads.json', '/v1/leads/partitions.json', '/v1/leads/delete.json'];

function junkBodies(): string[] {
  const random = prng(42);
  const fragments = [
    '{',
    '}',
    '[',
    ']',
    '"input"',
    ':',
    ',',
    'null',
    '1e999',
    '"\\ud800"',
    '"\u0000"',
    'true',
    '{"id":',
  ];
  const out = [
    '{"input":[{"email":"a@example.com"}',
    '{"input":{"email":"a@example.com"}}',
    '{"input":[[]]}',
    '{"input":[null]}',
    '{"input":[{"id":"318801"}]}',
    '{"input":[{"__proto__":{"email":"p@example.com"}}]}',
    '{"input":[{"constructor":"x","toString":"y"}]}',
    `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    `{"input":[${'{"email":"x@example.com"},'.repeat(10)}]}`,
  ];
  for (let i = 0; i < 40; i += 1) {
    const n = 1 + Math.floor(random() * 12);
    out.push(Array.from({ length: n }, () => fragments[Math.floor(random() * fragments.length)]).join(''));
  }
  return out;
}

describe('hostile input', () => {
  it('answers junk bodies on every write path with an HTTP 200 envelope and changes nothing', async () => {
    for (const path of WRITE_PATHS) {
      for (const body of junkBodies()) {
        const res = await client.raw(path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
        });
        expect(res.status).toBe(200);
        const json = res.json as {
          success: boolean;
          result?: { status: string }[];
          errors?: { code: string }[];
        };
        expect(typeof json.success).toBe('boolean');
        expect(json.errors?.[0]?.code, body).not.toBe('611');
        if (json.success)
          expect(
            json.result?.every((r) => r.status === 'skipped'),
            body,
          ).toBe(true);
      }
    }
    expect(await control.leads()).toEqual(seed);
  });

  it('answers hostile query strings without crashing', async () => {
    const queries = [
      "filterType=email&filterValues=' OR 1=1 --",
      'filterType=email&filterValues=%00%ff%fe',
      'filterType=email&filterValues=a&filterValues=b&filterValues=c',
      'filterType=__proto__&filterValues=x',
      'filterType=id&filterValues=99999999999999999999999',
      'filterType=email&filterValues=x&nextPageToken=%%%',
      'filterType=email&filterValues=x&batchSize=1e3',
      '%E0%A4%A',
    ];
    for (const q of queries) {
      const res = await client.raw(`/v1/leads.json?${q}`);
      expect(res.status).toBe(200);
      expect(res.json).toHaveProperty('success');
      expect((res.json as { errors?: { code: string }[] }).errors?.[0]?.code, q).not.toBe('611');
    }
    for (const id of ['-1', '1.5', '%2e%2e', '0x10', '99999999999999999999']) {
      expect((await client.raw(`/v1/lead/${id}.json`)).status).toBe(200);
    }
    expect(await control.leads()).toEqual(seed);
  });

  it('answers a value nested 5,000 arrays deep as a bad value (1001), never as a 611', async () => {
    const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n);
    const post = (body: string) =>
      client.raw('/v1/leads.json', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
    const value = await post(`{"input":[{"email":"deep@example.com","firstName":${deep(5000)}}]}`);
    expect(value.json).toMatchObject({
      success: true,
      result: [{ status: 'skipped', reasons: [{ code: '1001' }] }],
    });
    // The message shows the value's start, not thousands of brackets.
    const message = (value.json as { result: { reasons: { message: string }[] }[] }).result[0]?.reasons[0]
      ?.message;
    expect(message?.length).toBeLessThan(300);
    const action = await post(`{"input":[{"email":"deep@example.com"}],"action":${deep(5000)}}`);
    expect(action.json).toMatchObject({ success: false, errors: [{ code: '1003' }] });
    // Deeper still (400,000 levels, within 1 MB): a bad value, or unparseable JSON (609) should the parser give up.
    const deeper = await post(`{"input":[{"email":"deep@example.com","firstName":${deep(400_000)}}]}`);
    expect(JSON.stringify(deeper.json)).toMatch(/"code":"(1001|609)"/);
    expect((await control.stats()).errorsByCode['611']).toBeUndefined();
  });

  it('still serves normal calls afterwards', async () => {
    expect((await client.get('/v1/leads/partitions.json')).success).toBe(true);
  });
});
