// JSON bodies that are text. Fastify decodes a body leniently: invalid UTF-8 becomes U+FFFD
// and the write carries it to Marketo, which wants UTF-8 strings (docs/marketo-api.md §5.1). So the bytes are
// decoded strictly, and strings that UTF-8 cannot carry (a lone surrogate, written as a `\ud800` escape) or
// that no text holds (NUL, raw or escaped) are refused as the CSV reader refuses them
// (server/imports/csv-text-chunks.ts). Other control characters pass, there as here: they are text to UTF-8
// and to JSON, and Marketo documents no rule against them. The parsing itself stays Fastify's own (secure-json-parse
// with its `__proto__`/`constructor` checks), and so do the body limits.
import type { FastifyInstance } from 'fastify';
import { badRequest } from './api-error';

const NOT_UTF8 = 'The request body is not valid UTF-8 text.';
const NUL = 'Text in the request may not contain the NUL character (\\u0000).';
const LONE_SURROGATE = 'Text in the request contains a \\u escape of half a character (a lone surrogate).';

// Code units, not code points (no `u` flag): a high half not followed by a low one, or a low one not preceded.
const LONE_SURROGATE_PATTERN = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored as text, or `undefined` when it can. */
function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return NUL;
  if (LONE_SURROGATE_PATTERN.test(text)) return LONE_SURROGATE;
  return undefined;
}

/** The first problem in any key or string of a parsed body, depth first. */
function firstProblem(value: unknown): string | undefined {
  if (typeof value === 'string') return textProblem(value);
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = firstProblem(item);
      if (problem) return problem;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const problem = textProblem(key) ?? firstProblem(item);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Replaces Fastify's `application/json` parser with one that refuses bodies that are not text. */
export function registerStrictJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser(
    app.initialConfig.onProtoPoisoning ?? 'error',
    app.initialConfig.onConstructorPoisoning ?? 'error',
  );
  // BOM kept, as Fastify keeps it: a body starting with one stays a JSON syntax error.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = decoder.decode(body as Buffer);
    } catch {
      done(badRequest(NOT_UTF8), undefined);
      return;
    }
    // Fastify's JSON parser answers through `done` at once; it returns nothing to wait for.
    void parseJson(request, text, (error, parsed) => {
      if (error) {
        done(error, undefined);
        return;
      }
      const problem = firstProblem(parsed);
      if (problem) done(badRequest(problem), undefined);
      else done(null, parsed);
    });
  });
}
