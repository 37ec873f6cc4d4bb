// A plain client for the emulator's bulk calls in tests: multipart uploads, status polling, file downloads.
import { setTimeout as delay } from 'node:timers/promises';
import type { RunningEmulator } from '../index';
import { type Envelope, type RawResponse, getToken, rawFetch } from '../test-client';

export interface BulkClient {
  token: string;
  /** `POST /bulk/v1/leads.json` with `file` and any parameters in the query. */
  upload(file: string, query?: Record<string, string>): Promise<Envelope>;
  get(path: string, init?: RequestInit): Promise<RawResponse>;
  postJson(path: string, body: unknown): Promise<Envelope>;
  /** Polls `GET path` until `done` holds for its first result (bounded: a stuck job fails the test). */
  poll(path: string, done: (result: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
}

export async function bulkClient(emulator: RunningEmulator): Promise<BulkClient> {
  const token = await getToken(emulator);
  const auth = { Authorization: `Bearer ${token}` };
  const url = (path: string, query?: Record<string, string>): string =>
    `${emulator.origin}${path}${query ? `?${new URLSearchParams(query).toString()}` : ''}`;
  const envelope = (res: RawResponse): Envelope => {
    if (res.status !== 200 || typeof res.json !== 'object')
      throw new Error(`HTTP ${res.status}: ${res.text}`);
    return res.json as Envelope;
  };
  const get = (path: string, init: RequestInit = {}): Promise<RawResponse> =>
    rawFetch(url(path), { ...init, headers: { ...auth, ...(init.headers ?? {}) } });
  return {
    token,
    async upload(file, query = { format: 'csv' }) {
      const form = new FormData();
      form.append('file', new Blob([file], { type: 'text/csv' }), 'leads.csv');
      return envelope(
        await rawFetch(url('/bulk/v1/leads.json', query), { method: 'POST', headers: auth, body: form }),
      );
    },
    get,
    async postJson(path, body) {
      return envelope(
        await rawFetch(url(path), {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
    },
    async poll(path, done) {
      for (let attempt = 0; attempt < 2000; attempt += 1) {
        const body = envelope(await get(path));
        const result = body.result?.[0];
        if (result && done(result)) return result;
        await delay(10);
      }
      throw new Error(`${path} never reached the awaited state`);
    },
  };
}
