// A lead read serialized as built (server/http/built-json.ts) must answer the very bytes its zod response schema
// would have written, and the same content type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeadResponseSchema } from '../contract/leads';
import { startTestStack, type TestStack } from '../test-helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

describe('GET /api/leads/:id serialized as built', () => {
  it.each([
    ['the default fields', ''],
    ['named fields in another order', '?fields=lastName,email,title,phone,leadPartitionId'],
  ])('answers with %s exactly as the response schema writes them', async (_what, query) => {
    const response = await stack.api.inject({ method: 'GET', url: `/api/leads/318816${query}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const schemaBytes = JSON.stringify(LeadResponseSchema.encode(response.json()));
    expect(response.payload).toBe(schemaBytes);
  });

  it('keeps the error envelope for a lead that does not exist', async () => {
    const response = await stack.api.inject({ method: 'GET', url: '/api/leads/999999999' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});
