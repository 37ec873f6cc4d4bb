// A request the route's zod schema refused, one detail per issue: the path it names, the schema's English, and a
// reason code with its limit, so the browser words it beside the input in the user's language (error-reason-words.ts).
import type { FastifyError } from 'fastify';
import type { ErrorDetail, ErrorParams, ErrorReason } from '../contract/errors';

type Issue = NonNullable<FastifyError['validation']>[number];

function limit(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** The reason and values of one zod issue (`keyword` is zod's issue code, `params` the rest of the issue). */
function said(issue: Issue): { reason: ErrorReason; params?: ErrorParams } {
  const params = issue.params as { origin?: unknown; maximum?: unknown; minimum?: unknown; format?: unknown };
  const text = params.origin === 'string';
  const list = params.origin === 'array' || params.origin === 'set';
  const max = limit(params.maximum);
  const min = limit(params.minimum);
  switch (issue.keyword) {
    case 'too_big':
      if (max === undefined) return { reason: 'value_invalid' };
      return {
        reason: text ? 'value_too_long' : list ? 'value_too_many' : 'value_too_large',
        params: { max },
      };
    case 'too_small':
      if (text && min === 1) return { reason: 'value_required' };
      if (min === undefined) return { reason: 'value_invalid' };
      return {
        reason: text ? 'value_too_short' : list ? 'value_too_few' : 'value_too_small',
        params: { min },
      };
    case 'invalid_format':
      return {
        reason: 'value_invalid_format',
        params: { format: typeof params.format === 'string' ? params.format : 'other' },
      };
    default:
      return { reason: 'value_invalid' };
  }
}

export function validationDetails(error: FastifyError): ErrorDetail[] {
  const where = error.validationContext ?? 'request';
  return (error.validation ?? []).map((issue) => {
    const path = issue.instancePath.split('/').filter(Boolean).join('.');
    return { path: path === '' ? where : path, message: issue.message ?? 'Invalid value', ...said(issue) };
  });
}
