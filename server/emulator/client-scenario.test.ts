// The acceptance scenario of issue #2, played by a minimal "standard Marketo REST client" that knows only the
// REST base and identity URLs, caches its token, and re-authenticates once on 601/602 like real clients do.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './index';
import type { Envelope } from './test-client';
import { emulatorControl } from './test-helpers';

class StandardClient {
  private token: string | undefined;
  authentications = 0;

  constructor(
    private readonly restBase: string,
    private readonly identityBase: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {}

  private async authenticate(): Promise<string> {
    const q = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.clientId,
      client_secret: this.clientSecret,
    });
    const res = await fetch(`${this.identityBase}/oauth/token?${q.toString()}`);
    const body = (await res.json()) as { access_token: string };
    this.authentications += 1;
    this.token = body.access_token;
    return body.access_token;
  }

  async call(path: string, init: { method?: string; body?: unknown } = {}): Promise<Envelope> {
    for (let attempt = 0; ; attempt += 1) {
      const token = this.token ?? (await this.authenticate());
      const res = await fetch(`${this.restBase}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          Authorization: `Bearer ${token}`,
          ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const body = (await res.json()) as Envelope;
      const code = body.errors?.[0]?.code;
      if (attempt === 0 && (code === '601' || code === '602')) {
        this.token = undefined;
        continue;
      }
      return body;
    }
  }
}

let emulator: RunningEmulator;
let clock = Date.UTC(2026, 8, 1, 15, 0, 0);

beforeEach(async () => {
  emulator = await startEmulator({ now: () => clock });
});
afterEach(async () => {
  await emulator.close();
});

describe('a standard Marketo REST client against the emulator', () => {
  it('lists partitions, upserts two leads into Mexico, reads them back, finds them by email, survives expiry', async () => {
    const client = new StandardClient(
      emulator.restUrl,
      emulator.identityUrl,
      emulator.clientId,
      emulator.clientSecret,
    );

    const partitions = await client.call('/v1/leads/partitions.json');
    const mexico = partitions.result?.find((p) => p.name === 'Mexico');
    expect(mexico).toMatchObject({ id: 2 });

    const upsert = await client.call('/v1/leads.json', {
      method: 'POST',
      body: {
        action: 'createOrUpdate',
        lookupField: 'email',
        partitionName: 'Mexico',
        input: [
          { email: 'valentina.ortiz@example.mx', firstName: 'Valentina', lastName: 'Ortiz' },
          { email: 'diego.ramos@example.mx', firstName: 'Diego', lastName: 'Ramos' },
        ],
      },
    });
    expect(upsert.result?.map((r) => r.status)).toEqual(['created', 'created']);
    const ids = upsert.result?.map((r) => r.id as number) ?? [];

    for (const id of ids) {
      const lead = await client.call(`/v1/lead/${id}.json?fields=email,firstName,leadPartitionId`);
      expect(lead.result?.[0]).toMatchObject({ id, leadPartitionId: 2 });
    }

    clock += 3_601_000;
    const found = await client.call(
      '/v1/leads.json?filterType=email&filterValues=valentina.ortiz%40example.mx,diego.ramos%40example.mx&fields=email,leadPartitionId',
    );
    expect(found.success).toBe(true);
    expect(found.result).toEqual([
      { id: ids[0], email: 'valentina.ortiz@example.mx', leadPartitionId: 2 },
      { id: ids[1], email: 'diego.ramos@example.mx', leadPartitionId: 2 },
    ]);
    expect(client.authentications).toBe(2);
    const stats = await emulatorControl(emulator.origin).stats();
    expect(stats.errorsByCode).toEqual({ '602': 1 });
    expect(stats.identityCalls).toBe(2);
  });
});
