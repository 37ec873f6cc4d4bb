import { vi } from 'vitest';
import type {
  ImportCheck,
  ImportFile,
  ImportJob,
  ImportReasonCounts,
  ImportResultsPage,
} from '../../../../server/contract/imports';
import { ErrorReply, fakeApi, jsonReply, matchPath } from '../../../testing/fake-api';
import type { FakeRequest, Handler, Handlers } from '../../../testing/fake-api';

/** The import routes of the contract and what each answers on success. */
type ImportRoutes = {
  'POST /api/imports/files': ImportFile;
  'POST /api/imports/check': ImportCheck;
  'POST /api/imports/:id/cancel': ImportJob;
  'GET /api/imports/:id/results': ImportResultsPage;
  'GET /api/imports/:id/reasons': ImportReasonCounts;
  'GET /api/imports/:id': ImportJob;
  'POST /api/imports': ImportJob;
  'GET /api/imports': { jobs: ImportJob[] };
};

export type ImportHandlers = { [K in keyof ImportRoutes]?: Handler<ImportRoutes[K]> };

// Most specific first: `/api/imports/files` must not be taken for the job with id "files".
const order: (keyof ImportRoutes)[] = [
  'POST /api/imports/files',
  'POST /api/imports/check',
  'POST /api/imports/:id/cancel',
  'GET /api/imports/:id/results',
  'GET /api/imports/:id/reasons',
  'GET /api/imports/:id',
  'POST /api/imports',
  'GET /api/imports',
];

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
      const params = request.method === method ? matchPath(pattern, url.pathname) : undefined;
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
      if (reply instanceof ErrorReply) return jsonReply(reply.status, { error: reply.error });
      return jsonReply(key === 'POST /api/imports' ? 201 : 200, reply);
    }
    return jsonReply(501, {
      error: { code: 'internal', message: `No fake for ${request.method} ${url.pathname}` },
    });
  });
  vi.stubGlobal('fetch', fetchStub);
  return base;
}
