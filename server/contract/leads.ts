import { z } from 'zod';

export const MAX_LEADS_PER_WRITE = 1000;
export const MAX_IDS_PER_MOVE = 1000;
export const MAX_FIELD_VALUE_LENGTH = 65_535;
export const MAX_LEAD_ID = 2_147_483_647;

/**
 * Which rule a custom issue of these schemas broke (`issue.params.reason`): the messages here are the proxy's
 * English, and the SPA words each rule in the user's language from this code.
 */
export const LeadIssueReasonSchema = z.enum([
  'not_field_name',
  'no_fields',
  'too_many_fields',
  'id_lookup_needs_update',
  'lookup_missing',
  'id_only_to_update',
  'bad_lead_id',
  'bad_email',
]);
export type LeadIssueReason = z.infer<typeof LeadIssueReasonSchema>;

function reasonParam(reason: LeadIssueReason): { reason: LeadIssueReason } {
  return { reason };
}

/** Marketo REST field names: a letter, then letters, digits or underscores (never `__proto__`). */
export const FieldNameSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_]{0,99}$/,
    'Not a Marketo field name (letters, digits and _; starts with a letter)',
  );

export const FieldValueSchema = z.union([
  z.string().max(MAX_FIELD_VALUE_LENGTH, `At most ${MAX_FIELD_VALUE_LENGTH} characters`),
  z.number().finite(),
  z.boolean(),
  z.null(),
]);
export type FieldValue = z.infer<typeof FieldValueSchema>;

// zod's record quietly drops `__proto__`; reject every bad key out loud instead of losing it.
const ownKeysAreFieldNames = z.unknown().superRefine((value, ctx) => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const key of Object.keys(value)) {
    if (!FieldNameSchema.safeParse(key).success) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: 'Not a Marketo field name',
        params: reasonParam('not_field_name'),
      });
    }
  }
});

export const LeadFieldsSchema = ownKeysAreFieldNames
  .pipe(z.record(FieldNameSchema, FieldValueSchema))
  .refine((fields) => Object.keys(fields).length > 0, {
    message: 'A lead needs at least one field',
    params: reasonParam('no_fields'),
  })
  .refine((fields) => Object.keys(fields).length <= 500, {
    message: 'At most 500 fields per lead',
    params: reasonParam('too_many_fields'),
  });
export type LeadFields = z.infer<typeof LeadFieldsSchema>;

export const LeadActionSchema = z.enum(['createOrUpdate', 'createOnly', 'updateOnly', 'createDuplicate']);
export type LeadAction = z.infer<typeof LeadActionSchema>;

/** A lead id in a JSON body. */
export const LeadIdSchema = z
  .number({ error: 'A lead id is a whole number' })
  .int('A lead id is a whole number')
  .positive('A lead id is positive')
  .max(MAX_LEAD_ID, 'No lead id is that large');

/** A lead id in a URL: digits only (no signs, exponents or hex), then the same rules. */
export const LeadIdTextSchema = z
  .string()
  .regex(/^[0-9]{1,10}$/, 'A lead id is a positive whole number')
  .transform(Number)
  .pipe(LeadIdSchema);

// Marketo accepts ASCII email addresses only. No commas or spaces: Marketo's filterValues list has no escaping, so
// `a@x.com,b@y.com` would become two look-ups.
const asciiEmail = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
export const EmailSchema = z.string().trim().max(255).regex(asciiEmail, 'Not a valid email address');

export const LeadWriteRequestSchema = z
  .object({
    partitionName: z.string().trim().min(1).max(255).optional(),
    action: LeadActionSchema.default('createOrUpdate'),
    lookupField: FieldNameSchema.default('email'),
    leads: z
      .array(LeadFieldsSchema)
      .min(1, 'Send at least one lead')
      .max(MAX_LEADS_PER_WRITE, `At most ${MAX_LEADS_PER_WRITE} leads per request`),
  })
  .superRefine((request, ctx) => {
    const { action, lookupField, leads } = request;
    if (lookupField === 'id' && action !== 'updateOnly') {
      ctx.addIssue({
        code: 'custom',
        path: ['lookupField'],
        message: 'Lookup by id works only with updateOnly',
        params: reasonParam('id_lookup_needs_update'),
      });
    }
    const needsLookup = action === 'updateOnly' || action === 'createOrUpdate';
    leads.forEach((lead, index) => {
      const key = lead[lookupField];
      if (needsLookup && (key === undefined || key === null || key === '')) {
        ctx.addIssue({
          code: 'custom',
          path: ['leads', index, lookupField],
          message: `Needs a ${lookupField}`,
          params: reasonParam('lookup_missing'),
        });
      }
      if ('id' in lead && action !== 'updateOnly') {
        ctx.addIssue({
          code: 'custom',
          path: ['leads', index, 'id'],
          message: 'An id may be sent only to update',
          params: reasonParam('id_only_to_update'),
        });
      }
      if (lookupField === 'id' && key !== undefined && !LeadIdSchema.safeParse(key).success) {
        ctx.addIssue({
          code: 'custom',
          path: ['leads', index, 'id'],
          message: 'A lead id is a positive whole number',
          params: reasonParam('bad_lead_id'),
        });
      }
      const email = lead.email;
      if (email !== undefined && email !== null && !EmailSchema.safeParse(email).success) {
        ctx.addIssue({
          code: 'custom',
          path: ['leads', index, 'email'],
          message: 'Not a valid email address',
          params: reasonParam('bad_email'),
        });
      }
    });
  });
/** What a client sends (defaults may be left out). */
export type LeadWriteRequest = Omit<z.input<typeof LeadWriteRequestSchema>, 'leads'> & {
  leads: LeadFields[];
};
/** What the proxy works with after parsing (defaults filled in). */
export type ParsedLeadWriteRequest = z.output<typeof LeadWriteRequestSchema>;

export const ReasonSchema = z.object({ code: z.string(), message: z.string() });
export type Reason = z.infer<typeof ReasonSchema>;

/**
 * One result per input lead, in input order. `failed` means the proxy could not get an answer for that lead's
 * batch from Marketo (the reason carries Marketo's code); it is never silent.
 */
export const LeadWriteResultSchema = z.object({
  index: z.number().int(),
  id: z.number().int().optional(),
  status: z.enum(['created', 'updated', 'skipped', 'failed']),
  reasons: z.array(ReasonSchema).optional(),
});
export type LeadWriteResult = z.infer<typeof LeadWriteResultSchema>;

export const LeadWriteResponseSchema = z.object({ results: z.array(LeadWriteResultSchema) });
export type LeadWriteResponse = z.infer<typeof LeadWriteResponseSchema>;

export const LeadPartitionRefSchema = z.object({ id: z.number().int(), name: z.string().nullable() });

export const LeadSchema = z.object({
  id: z.number().int(),
  partition: LeadPartitionRefSchema,
  fields: z.record(z.string(), FieldValueSchema),
});
export type Lead = z.infer<typeof LeadSchema>;

export const LeadIdParamsSchema = z.object({ id: LeadIdTextSchema });

export const LeadFieldsQuerySchema = z.object({
  fields: z
    .string()
    .max(4000)
    .regex(/^[A-Za-z][A-Za-z0-9_]*(,[A-Za-z][A-Za-z0-9_]*)*$/, 'A comma-separated list of field names')
    .optional(),
});

export const LeadResponseSchema = z.object({ lead: LeadSchema });
export type LeadResponse = z.infer<typeof LeadResponseSchema>;

export const LeadSearchQuerySchema = z.object({
  email: EmailSchema,
  fields: LeadFieldsQuerySchema.shape.fields,
});
export const LeadsResponseSchema = z.object({ leads: z.array(LeadSchema) });
export type LeadsResponse = z.infer<typeof LeadsResponseSchema>;

export const MoveLeadsRequestSchema = z.object({
  ids: z
    .array(LeadIdSchema)
    .min(1, 'Choose at least one lead')
    .max(MAX_IDS_PER_MOVE, `At most ${MAX_IDS_PER_MOVE} leads per move`),
  partitionName: z.string().trim().min(1).max(255),
});
export type MoveLeadsRequest = z.input<typeof MoveLeadsRequestSchema>;

export const MoveLeadResultSchema = z.object({
  id: z.number().int(),
  status: z.enum(['updated', 'skipped', 'failed']),
  reasons: z.array(ReasonSchema).optional(),
});
export const MoveLeadsResponseSchema = z.object({ results: z.array(MoveLeadResultSchema) });
export type MoveLeadsResponse = z.infer<typeof MoveLeadsResponseSchema>;
