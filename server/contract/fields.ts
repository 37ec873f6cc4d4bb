import { z } from 'zod';

/** Marketo's lead field data types (describe.json); the SPA picks an input per type. */
export const FieldDataTypeSchema = z.string();

export const FieldSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  dataType: FieldDataTypeSchema,
  length: z.number().int().optional(),
  readOnly: z.boolean(),
});
export type Field = z.infer<typeof FieldSchema>;

export const FieldsResponseSchema = z.object({ fields: z.array(FieldSchema) });
export type FieldsResponse = z.infer<typeof FieldsResponseSchema>;
