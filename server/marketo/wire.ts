// zod schemas of Marketo's wire format (docs/marketo-api.md §2–§9). Lenient where Marketo is loose (codes as strings or
// numbers, warnings as strings or objects); never re-exported to server/contract.
import { z } from 'zod';
import { MarketoUnavailableError } from './errors';

const code = z.union([z.string(), z.number()]).transform(String);

export const WireErrorSchema = z.object({ code, message: z.string().catch('') });

export const EnvelopeSchema = z.object({
  requestId: z.string().optional(),
  success: z.boolean(),
  errors: z.array(WireErrorSchema).optional(),
  result: z.array(z.unknown()).optional(),
  moreResult: z.boolean().optional(),
  nextPageToken: z.string().optional(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

export const IdentityTokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number(),
});

export const IdentityErrorSchema = z.object({ error: z.string().optional() });

export const PartitionSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().optional(),
});

const apiName = z.object({ name: z.string(), readOnly: z.boolean() });
export const FieldDescriptionSchema = z.object({
  id: z.number().int(),
  displayName: z.string(),
  dataType: z.string(),
  length: z.number().int().optional(),
  rest: apiName.optional(),
  soap: apiName.optional(),
});

export const ReasonSchema = z.object({ code, message: z.string().catch('') });

/** One element of a write's `result`: no `seq` for leads, so position is the only link to the input. */
export const RecordResultSchema = z.object({
  id: z.number().int().optional(),
  status: z.string(),
  reasons: z.array(ReasonSchema).optional(),
});
export type RecordResult = z.infer<typeof RecordResultSchema>;

export const LeadRecordSchema = z.looseObject({ id: z.number().int() });

export const UsageDaySchema = z.looseObject({
  date: z.string().optional(),
  total: z.number().optional(),
});

/**
 * `envelope.result` parsed as an array of `schema`; an answer of the wrong shape is Marketo's problem, not the
 * caller's, so it becomes `MarketoUnavailableError('invalid_response')` rather than a bare ZodError.
 */
export function parseResult<T>(schema: z.ZodType<T>, envelope: Envelope, what: string): T[] {
  const parsed = z.array(schema).safeParse(envelope.result ?? []);
  if (!parsed.success) {
    throw new MarketoUnavailableError(
      'invalid_response',
      `Marketo sent ${what} of an unexpected shape`,
      envelope.requestId,
    );
  }
  return parsed.data;
}
