import { describe, expect, it } from 'vitest';
import { IDEMPOTENCY_HEADER, idempotencyHeaders } from './client';

describe('idempotencyHeaders', () => {
  it('keeps one key per submit: the same variables again (a retry) reuse it, new ones get a fresh one', () => {
    const submit = { leads: [{ email: 'ana@example.mx' }] };
    const first = idempotencyHeaders(submit)[IDEMPOTENCY_HEADER];
    expect(first).toMatch(/^[\x20-\x7e]{1,200}$/);
    expect(idempotencyHeaders(submit)[IDEMPOTENCY_HEADER]).toBe(first);
    expect(idempotencyHeaders({ ...submit })[IDEMPOTENCY_HEADER]).not.toBe(first);
  });
});
