// Idempotent writes. A double click or a retry after a lost answer must not write to Marketo twice, so a write
// may carry an `Idempotency-Key` request header (1 to 200 printable ASCII characters, else 400): one key per
// logical submit, reused by that submit's retries.
//
// Answers are remembered per (user, method and URL, key), after the session and CSRF checks (which run on
// `onRequest`, before this plugin's `preHandler`), so one user's key never reaches another user's answer:
// - the same key and the same body within `ttlMs` gets the first answer again, status and body, with
//   `Idempotency-Replayed: true`; a repeat that arrives while the first is still running waits for it;
// - the same key with a different body is refused with 422 `idempotency_key_reused`;
// - only answers that say what Marketo did are remembered: successes and Marketo's own refusals. The proxy's
//   own refusals (bad input, no grant, its 429) and 503s (nothing was sent) are forgotten, so a retry runs.
// Memory is bounded: at most `maxEntries` answers and `maxBytes` of bodies, oldest forgotten first.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, badRequest } from './api-error';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotency-replayed';

export interface IdempotencyOptions {
  /** The writes that honour the header, as `METHOD /route/pattern`. */
  routes: readonly string[];
  ttlMs?: number;
  maxEntries?: number;
  maxBytes?: number;
  now?: () => number;
}

/** The writes a repeated submit could duplicate in Marketo: lead writes, moves, and starting an import job. */
export const IDEMPOTENT_WRITES = ['POST /api/leads', 'POST /api/leads/partition', 'POST /api/imports'];

const KEY_PATTERN = /^[\x20-\x7e]{1,200}$/;

interface Answer {
  status: number;
  contentType: string | undefined;
  payload: string;
}

interface Entry {
  fingerprint: string;
  /** Undefined while the first request runs. */
  answer: Answer | undefined;
  answeredAt: number;
  /** Settles when the first request answers; `undefined` when it ended without a remembered answer. */
  settled: Promise<Answer | undefined>;
  settle: (answer: Answer | undefined) => void;
}

const owned = new WeakMap<FastifyRequest, { storeKey: string; entry: Entry }>();

export function keyReused(): ApiError {
  return new ApiError(
    422,
    'idempotency_key_reused',
    'This Idempotency-Key was already used for a different request; send a new key for a new write.',
  );
}

/** JSON with object keys sorted, so the same body always has the same fingerprint. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function fingerprintOf(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** Successes and answers that carry Marketo's own words; never a 503 or 429, which sent nothing. */
function worthRemembering(status: number, payload: string): boolean {
  if (status >= 200 && status < 300) return true;
  if (status === 503 || status === 429) return false;
  try {
    const body = JSON.parse(payload) as { error?: { marketo?: unknown } };
    return body.error?.marketo !== undefined;
  } catch {
    return false;
  }
}

function readKey(request: FastifyRequest): string | undefined {
  const header = request.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw badRequest('The Idempotency-Key header must be 1 to 200 printable ASCII characters.', [
      { path: 'headers.idempotency-key', message: 'Use 1 to 200 printable ASCII characters' },
    ]);
  }
  return header;
}

async function replay(reply: FastifyReply, answer: Answer): Promise<FastifyReply> {
  if (answer.contentType !== undefined) reply.type(answer.contentType);
  return reply.status(answer.status).header(REPLAYED_HEADER, 'true').send(answer.payload);
}

export function registerIdempotency(app: FastifyInstance, options: IdempotencyOptions): void {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const maxEntries = options.maxEntries ?? 1_000;
  const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
  const now = options.now ?? Date.now;
  const routes = new Set(options.routes);
  // Insertion order is age order: the oldest entries are forgotten first.
  const entries = new Map<string, Entry>();
  let storedBytes = 0;

  const forget = (storeKey: string, entry: Entry) => {
    if (entries.get(storeKey) !== entry) return;
    entries.delete(storeKey);
    if (entry.answer) storedBytes -= entry.answer.payload.length;
  };

  const prune = () => {
    const cutoff = now() - ttlMs;
    for (const [storeKey, entry] of entries) {
      if (entry.answer && entry.answeredAt <= cutoff) forget(storeKey, entry);
    }
    // Running requests are never dropped: a repeat of one must still wait for it.
    for (const [storeKey, entry] of entries) {
      if (entries.size <= maxEntries && storedBytes <= maxBytes) break;
      if (entry.answer) forget(storeKey, entry);
    }
  };

  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!routes.has(`${request.method} ${request.routeOptions.url ?? ''}`)) return undefined;
    const key = readKey(request);
    const userId = request.auth?.user.id;
    if (key === undefined || userId === undefined) return undefined;
    const storeKey = JSON.stringify([userId, request.method, request.url, key]);
    const fingerprint = fingerprintOf(request.body);
    prune();
    for (;;) {
      const existing = entries.get(storeKey);
      if (!existing) break;
      if (existing.fingerprint !== fingerprint) throw keyReused();
      const answer = existing.answer ?? (await existing.settled);
      if (answer) return replay(reply, answer);
      // The first request ended with nothing to remember (a 503, a refusal): this one runs for real.
    }
    let settle: (answer: Answer | undefined) => void = () => undefined;
    const settled = new Promise<Answer | undefined>((resolve) => (settle = resolve));
    const entry: Entry = { fingerprint, answer: undefined, answeredAt: 0, settled, settle };
    entries.set(storeKey, entry);
    owned.set(request, { storeKey, entry });
    return undefined;
  };

  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const own = owned.get(request);
    if (!own) return payload;
    owned.delete(request);
    const { storeKey, entry } = own;
    const status = reply.statusCode;
    if (typeof payload !== 'string' || !worthRemembering(status, payload)) {
      forget(storeKey, entry);
      entry.settle(undefined);
      return payload;
    }
    const contentType = reply.getHeader('content-type');
    entry.answer = {
      status,
      contentType: typeof contentType === 'string' ? contentType : undefined,
      payload,
    };
    entry.answeredAt = now();
    if (entries.get(storeKey) === entry) storedBytes += payload.length;
    entry.settle(entry.answer);
    prune();
    return payload;
  };

  // A request that ended without sending (its socket died first) must not leave its repeats waiting forever.
  const onResponse = (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    const own = owned.get(request);
    if (own) {
      owned.delete(request);
      forget(own.storeKey, own.entry);
      own.entry.settle(undefined);
    }
    done();
  };

  // On the listed writes only, decided once per route: every other request (each lead read) skips all three.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((method) => routes.has(`${method} ${route.url}`))) return;
    route.preHandler = [...asList(route.preHandler), preHandler];
    route.onSend = [...asList(route.onSend), onSend];
    route.onResponse = [...asList(route.onResponse), onResponse];
  });
}

function asList<T>(hooks: T | T[] | undefined): T[] {
  if (hooks === undefined) return [];
  return Array.isArray(hooks) ? hooks : [hooks];
}
