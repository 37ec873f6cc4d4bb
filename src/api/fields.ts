import { queryOptions } from '@tanstack/react-query';
import { FieldsResponseSchema } from '../../server/contract/fields';
import type { Field } from '../../server/contract/fields';
import { requestJson } from './client';

export async function fetchFields(): Promise<Field[]> {
  const body = await requestJson('fields', FieldsResponseSchema);
  return body.fields;
}

export const fieldQueries = {
  all: () => ['fields'] as const,
  // The lead schema changes only when an admin adds a field in Marketo.
  list: () =>
    queryOptions({
      queryKey: [...fieldQueries.all(), 'list'] as const,
      queryFn: fetchFields,
      staleTime: 60 * 60_000,
    }),
};
