import { vi } from 'vitest';
import type {
  ImportCheck,
  ImportFile,
  ImportJob,
  ImportResultsPage,
} from '../../../../server/contract/imports';
import { ErrorReply, fakeApi } from '../../../testing/fake-api';
import type { FakeRequest, Handlers } from '../../../testing/fake-api';

/** The import routes of the contract and what each answers on success. */
type ImportRoutes = {
  'POST /api/imports/files': ImportFile;
  'POST /api/imports/check': ImportCheck;
  'POST /api/imports/:id/cancel': ImportJob;
  'GET /api/imports/:id/results': ImportResultsPage;
  'GET /api/imports/:id': ImportJob;
  'POST /api/imports': ImportJob;
  'GET /api/imports': { jobs: ImportJob[] };
};

type Handler<T> = T | ErrorReply | ((request: FakeRequest) => T | ErrorReply | Promise<T | ErrorReply>);
export type ImportHandlers = { [K in keyof ImportRoutes]?: Handler<ImportRoutes[K]> };

// Most specific first: `/api/imports/files` must not be taken for the job with id "files".
const order: (keyof ImportRoutes)[] = [
  'POST /api/imports/files',
  'POST /api/imports/check',
  'POST /api/imports/:id/cancel',
  'GET /api/imports/:id/results',
  'GET /api/imports/:id',
  'POST /api/imports',
  'GET /api/imports',
];

function match(pattern: string, path: string): Record<string, string> | undefined {
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

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * `fakeApi` plus the import routes. Uploads carry CSV, not JSON, so their `body` is the text as sent; every
 * other body is parsed JSON. `calls` holds every request, import or not, in order.
 */
export function fakeImportApi(imports: ImportHandlers, others: Handlers = {}) {
  const base = fakeApi(others);
  const inner = globalThis.fetch;
  const fetchStub = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    if (!url.pathname.startsWith('/api/imports')) return inner(request);
    const text = await request.text();
    const isJson = request.headers.get('content-type')?.includes('application/json') ?? false;
    const body: unknown = isJson && text ? JSON.parse(text) : text || undefined;
    for (const key of order) {
      const [method, pattern = ''] = key.split(' ');
      const params = request.method === method ? match(pattern, url.pathname) : undefined;
      if (!params) continue;
      const call: FakeRequest = {
        method: request.method,
        path: url.pathname,
        url,
        params,
        headers: request.headers,
        body,
      };
      base.calls.push(call);
      const handler = imports[key];
      if (handler === undefined) break;
      const reply: unknown = typeof handler === 'function' ? await handler(call) : handler;
      if (reply instanceof ErrorReply) return json(reply.status, { error: reply.error });
      return json(key === 'POST /api/imports' ? 201 : 200, reply);
    }
    return json(501, {
      error: { code: 'internal', message: `No fake for ${request.method} ${url.pathname}` },
    });
  });
  vi.stubGlobal('fetch', fetchStub);
  return base;
}
