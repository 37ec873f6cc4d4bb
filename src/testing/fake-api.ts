import { vi } from 'vitest';
import type { SessionResponse } from '../../server/contract/access';
import type { ActivityPage } from '../../server/contract/activity';
import type { ErrorEnvelope } from '../../server/contract/errors';
import type { FieldsResponse } from '../../server/contract/fields';
import type {
  LeadResponse,
  LeadsResponse,
  LeadWriteResponse,
  MoveLeadsResponse,
} from '../../server/contract/leads';
import type { LeadHistoryResponse } from '../../server/contract/lead-history';
import type { EntryUndo, MoveJob, MoveRow } from '../../server/contract/moves';
import type { PartitionsResponse } from '../../server/contract/partitions';
import type { StatusResponse } from '../../server/contract/status';
import type { User } from '../../server/contract/access';
import type { EndSessionResponse, SignInOptions } from '../../server/contract/sso';

/** The proxy's routes and what each answers on success, straight from the shared contract. */
type Routes = {
  'GET /api/session': SessionResponse;
  'POST /api/session': SessionResponse;
  'DELETE /api/session': undefined;
  'GET /api/session/oidc/options': SignInOptions;
  'GET /api/session/oidc/sign-out': EndSessionResponse;
  'GET /api/users': { users: User[] };
  'POST /api/users': { user: User };
  'PATCH /api/users/:id': { user: User };
  'POST /api/users/:id/password': undefined;
  'GET /api/activity': ActivityPage;
  'GET /api/status': StatusResponse;
  'GET /api/partitions': PartitionsResponse;
  'GET /api/fields': FieldsResponse;
  'GET /api/leads': LeadsResponse;
  'GET /api/leads/:id': LeadResponse;
  'GET /api/leads/:id/history': LeadHistoryResponse;
  'POST /api/leads': LeadWriteResponse;
  'POST /api/leads/partition': MoveLeadsResponse;
  'POST /api/moves': MoveJob;
  'POST /api/moves/from-results': MoveJob;
  'GET /api/moves': { jobs: MoveJob[] };
  'GET /api/moves/:id': MoveJob;
  'GET /api/moves/:id/rows': { rows: MoveRow[]; total: number };
  'POST /api/moves/:id/choices': MoveJob;
  'POST /api/moves/:id/start': MoveJob;
  'POST /api/moves/:id/cancel': MoveJob;
  'POST /api/moves/:id/undo': MoveJob;
  'GET /api/activity/:id/undo': EntryUndo;
  'POST /api/activity/:id/undo': MoveJob;
};

export type FakeRequest = {
  method: string;
  path: string;
  url: URL;
  params: Record<string, string>;
  headers: Headers;
  body: unknown;
};

/** A non-2xx answer with the proxy's error envelope. */
export class ErrorReply {
  constructor(
    readonly status: number,
    readonly error: ErrorEnvelope['error'],
  ) {}
}

/** A fixed answer, or one computed from the request. */
export type Handler<T> =
  T | ErrorReply | ((request: FakeRequest) => T | ErrorReply | Promise<T | ErrorReply>);
export type Handlers = { [K in keyof Routes]?: Handler<Routes[K]> };

/** The `:name` parameters when `path` fits `pattern` (like /api/leads/:id), else undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const actual = got[index] ?? '';
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(actual);
    else if (part !== actual) return undefined;
  }
  return params;
}

export function jsonReply(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Stubs `fetch` for one test; `calls` records every request the app made, in order. */
export function fakeApi(handlers: Handlers) {
  const calls: FakeRequest[] = [];
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const body: unknown = text ? JSON.parse(text) : undefined;
    for (const [key, handler] of Object.entries(handlers)) {
      const [method, pattern = ''] = key.split(' ');
      const params = request.method === method ? matchPath(pattern, url.pathname) : undefined;
      if (!params) continue;
      const call = {
        method: request.method,
        path: url.pathname,
        url,
        params,
        headers: request.headers,
        body,
      };
      calls.push(call);
      const reply: unknown = typeof handler === 'function' ? await handler(call) : handler;
      if (reply instanceof ErrorReply) return jsonReply(reply.status, { error: reply.error });
      // Routes without a body (sign out, password reset) answer 204.
      if (reply === undefined) return new Response(null, { status: 204 });
      return jsonReply(200, reply);
    }
    calls.push({
      method: request.method,
      path: url.pathname,
      url,
      params: {},
      headers: request.headers,
      body,
    });
    return jsonReply(501, {
      error: { code: 'internal', message: `No fake for ${request.method} ${url.pathname}` },
    });
  });
  vi.stubGlobal('fetch', fetchStub);
  return { calls };
}
