// A deliberately plain Marketo REST client for the emulator's own tests: raw fetch, no retries, no cleverness,
// so each test sees exactly what the wire says.
import type { RunningEmulator } from './index';

export interface Envelope {
  requestId: string;
  success: boolean;
  result?: Record<string, unknown>[];
  errors?: { code: string; message: string }[];
  moreResult?: boolean;
  nextPageToken?: string;
  [key: string]: unknown;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

export async function rawFetch(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function tokenUrl(emulator: RunningEmulator, clientSecret = emulator.clientSecret): string {
  const q = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: emulator.clientId,
    client_secret: clientSecret,
  });
  return `${emulator.identityUrl}/oauth/token?${q.toString()}`;
}

export async function getToken(emulator: RunningEmulator): Promise<string> {
  const res = await rawFetch(tokenUrl(emulator));
  const body = res.json as { access_token?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`no token: ${res.status} ${res.text}`);
  return body.access_token;
}

export interface RestClient {
  token: string;
  get(path: string, query?: Record<string, string>): Promise<Envelope>;
  post(path: string, body: unknown, query?: Record<string, string>): Promise<Envelope>;
  raw(path: string, init?: RequestInit): Promise<RawResponse>;
}

export async function restClient(emulator: RunningEmulator): Promise<RestClient> {
  const token = await getToken(emulator);
  const auth = { Authorization: `Bearer ${token}` };
  const url = (path: string, query?: Record<string, string>): string =>
    `${emulator.restUrl}${path}${query ? `?${new URLSearchParams(query).toString()}` : ''}`;
  const envelope = (res: RawResponse): Envelope => {
    if (res.status !== 200 || typeof res.json !== 'object')
      throw new Error(`HTTP ${res.status}: ${res.text}`);
    return res.json as Envelope;
  };
  return {
    token,
    get: async (path, query) => envelope(await rawFetch(url(path, query), { headers: auth })),
    post: async (path, body, query) =>
      envelope(
        await rawFetch(url(path, query), {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        }),
      ),
    raw: (path, init = {}) =>
      rawFetch(`${emulator.restUrl}${path}`, { ...init, headers: { ...auth, ...(init.headers ?? {}) } }),
  };
}
