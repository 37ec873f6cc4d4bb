// The path every `/rest` call takes, in the order a gateway would apply it: size → token → method → limits →
// route → injected faults → latency → body → handler. Uncounted codes (601/602/604/605/608/611) never reach
// or are taken back out of the limits.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  MarketoApiError,
  apiError,
  concurrencyError,
  failureBody,
  methodNotSupported,
  rateLimitError,
  successBody,
} from './envelope';
import type { FaultCode } from './faults';
import {
  type EmulatorReply,
  MAX_BODY_BYTES,
  declaredLength,
  decodeUtf8,
  jsonReply,
  mediaType,
  nginxReply,
  readBody,
} from './http-io';
import type { RestHandler } from './rest-request';
import { matchRoute, maxBodyBytes } from './router';
import { type EmulatorState, pause } from './state';

export interface Outcome {
  reply: EmulatorReply;
  /** The Marketo error code, or the HTTP status for gateway-level failures; absent on success. */
  code?: string;
}

interface Call {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  query: URLSearchParams;
  state: EmulatorState;
}

function fail(state: EmulatorState, error: MarketoApiError): Outcome {
  const body = failureBody(state.nextRequestId(), [{ code: error.code, message: error.message }]);
  return { reply: jsonReply(body), code: error.code };
}

const tooLarge = (): Outcome => ({ reply: nginxReply(413, 'Request Entity Too Large'), code: '413' });

/** The bearer token, or undefined when the call carries none Marketo would still accept (docs/marketo-api.md §3.2). */
function accessToken(call: Call): string | undefined {
  const header = call.req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (m) return m[1];
  }
  if (call.state.config.allowQueryToken) return call.query.get('access_token') || undefined;
  return undefined;
}

export async function handleRest(call: Call): Promise<Outcome> {
  const { req, path, state } = call;
  const method = req.method ?? 'GET';
  state.stats.calls += 1;
  state.stats.callsByPath[path] = (state.stats.callsByPath[path] ?? 0) + 1;

  if ((declaredLength(req) ?? 0) > maxBodyBytes(path, state.config, MAX_BODY_BYTES)) return tooLarge();

  const token = accessToken(call);
  if (token === undefined) return fail(state, apiError(state.config.missingTokenCode));
  const check = state.tokens.check(token);
  if (!check.ok) return fail(state, apiError(check.code));

  // `POST …?_method=GET` is a read whose parameters did not fit in a URI (docs/marketo-api.md §7).
  const override = method === 'POST' && call.query.get('_method')?.toUpperCase() === 'GET';
  const route = matchRoute(override ? 'GET' : method, path);
  if (route.kind === 'wrong-method') return fail(state, methodNotSupported(method));

  const admission = state.limits.admit();
  if (!admission.ok) {
    const { config } = state;
    if (admission.code === '606') return fail(state, rateLimitError(config.callsPer20s));
    if (admission.code === '615') return fail(state, concurrencyError(config.maxConcurrent));
    return fail(state, apiError('607'));
  }
  // A throw below means an internal failure, which Marketo reports as the uncounted 611.
  let code: string | undefined = '611';
  try {
    const outcome =
      route.kind === 'found'
        ? await runAdmitted(call, token, route.handler, route.params, route.streamedBody !== undefined)
        : fail(state, apiError('610'));
    code = outcome.code;
    return outcome;
  } finally {
    state.limits.finish(admission.ticket, code);
  }
}

async function runAdmitted(
  call: Call,
  token: string,
  handler: RestHandler,
  params: Record<string, string>,
  streamedBody: boolean,
): Promise<Outcome> {
  const { req, res, path, state } = call;
  const clientGone = new AbortController();
  res.once('close', () => clientGone.abort());

  const fault = state.faults.take(path);
  if (fault) return applyFault(call, fault, token, clientGone.signal);

  await pause(state, state.config.latencyMs, clientGone.signal);
  // A streamed body is left unread for the handler, which enforces its own limit.
  const body = streamedBody ? { kind: 'ok' as const, bytes: Buffer.alloc(0) } : await readBody(req);
  if (body.kind === 'too-large') return tooLarge();

  try {
    const read = streamedBody ? undefined : readOverride(call, body.bytes);
    const out = await (read?.handler ?? handler)({
      method: read ? 'GET' : (req.method ?? 'GET'),
      path,
      query: read?.query ?? call.query,
      params,
      body: body.bytes,
      mediaType: mediaType(req),
      state,
      raw: req,
    });
    if (out.reply) return { reply: out.reply, ...(out.code !== undefined ? { code: out.code } : {}) };
    const extras = {
      ...(out.moreResult !== undefined ? { moreResult: out.moreResult } : {}),
      ...(out.nextPageToken !== undefined ? { nextPageToken: out.nextPageToken } : {}),
    };
    const reply = jsonReply(successBody(state.nextRequestId(), out.result, extras));
    // Bulk APIs never compress their answers (docs/marketo-api.md §1).
    return { reply: path.startsWith('/bulk/') ? { ...reply, compressible: false } : reply };
  } catch (error) {
    if (error instanceof MarketoApiError) return fail(state, error);
    // An unhandled exception is exactly what Marketo's 611 "System error" reports.
    return fail(state, apiError('611'));
  }
}

/**
 * For a POST carrying `_method=GET` in the query or in a form body (marketo-rest-python puts it in the body):
 * the GET handler and the merged parameters, without `_method`.
 */
function readOverride(
  call: Call,
  body: Buffer,
): { handler: RestHandler; query: URLSearchParams } | undefined {
  if (call.req.method !== 'POST') return undefined;
  let form: URLSearchParams | undefined;
  if (mediaType(call.req) === 'application/x-www-form-urlencoded') {
    const text = decodeUtf8(body);
    if (text === undefined) throw apiError('609');
    form = new URLSearchParams(text);
  }
  const wanted = [call.query.get('_method'), form?.get('_method')].some((m) => m?.toUpperCase() === 'GET');
  if (!wanted) return undefined;
  const route = matchRoute('GET', call.path);
  if (route.kind !== 'found') throw methodNotSupported('POST');
  const query = new URLSearchParams(call.query);
  for (const [key, value] of form ?? []) query.append(key, value);
  query.delete('_method');
  return { handler: route.handler, query };
}

export async function applyFault(
  call: Pick<Call, 'state'>,
  fault: FaultCode,
  token: string | undefined,
  clientGone: AbortSignal,
): Promise<Outcome> {
  const { state } = call;
  switch (fault) {
    case 'http500':
      return { reply: nginxReply(500, 'Internal Server Error'), code: '500' };
    case 'http502':
      return { reply: nginxReply(502, 'Bad Gateway'), code: '502' };
    case 'timeout':
      await pause(state, state.config.timeoutFaultMs, clientGone);
      return fail(state, apiError('604'));
    case '606':
      return fail(state, rateLimitError(state.config.callsPer20s));
    case '615':
      return fail(state, concurrencyError(state.config.maxConcurrent));
    case '602':
      if (token) state.tokens.expire(token);
      return fail(state, apiError('602'));
    case '601':
      if (token) state.tokens.revoke(token);
      return fail(state, apiError('601'));
    default:
      return fail(state, apiError(fault));
  }
}
