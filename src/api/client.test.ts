import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ErrorReply, fakeApi } from '../testing/fake-api';
import { IDEMPOTENCY_HEADER, requestJsonOnce } from './client';

const Answer = z.object({ results: z.array(z.unknown()) });
const answer = { results: [] };

/** Fakes POST /api/leads with `replies` in turn: an answer, an error reply, or `lost` (no HTTP answer). */
function fakeWrites(...replies: ('ok' | 'lost' | ErrorReply)[]) {
  const api = fakeApi({
    'POST /api/leads': () => {
      const reply = replies.shift() ?? 'ok';
      // What fetch does when the connection drops: no response at all.
      if (reply === 'lost') throw new TypeError('Failed to fetch');
      return reply === 'ok' ? answer : reply;
    },
  });
  return () => api.calls.map((call) => call.headers.get(IDEMPOTENCY_HEADER));
}

const send = (email: string) =>
  requestJsonOnce('leads', Answer, { method: 'post', json: { leads: [{ email }] } }).catch(
    (error: unknown) => error,
  );

describe('requestJsonOnce: the Idempotency-Key of a write', () => {
  it('is a printable key of at most 200 characters, as the proxy requires', async () => {
    const keys = fakeWrites('ok');
    await send('ana@example.mx');
    expect(keys()[0]).toMatch(/^[\x20-\x7e]{1,200}$/);
  });

  it('is reused when the same body follows an attempt that got no answer', async () => {
    const keys = fakeWrites('lost', 'lost', 'ok');
    await send('bea@example.mx');
    await send('bea@example.mx');
    await send('bea@example.mx');
    const [first, second, third] = keys();
    expect(second).toBe(first);
    expect(third).toBe(first);
  });

  it('is reused after a timeout too', async () => {
    let hang = true;
    const api = fakeApi({
      'POST /api/leads': () => (hang ? new Promise<never>(() => {}) : answer),
    });
    const json = { leads: [{ email: 'cid@example.mx' }] };
    const timedOut = await requestJsonOnce('leads', Answer, { method: 'post', json, timeout: 10 }).catch(
      (error: unknown) => error,
    );
    expect(timedOut).toMatchObject({ code: 'timeout' });
    hang = false;
    await requestJsonOnce('leads', Answer, { method: 'post', json });
    const [first, second] = api.calls.map((call) => call.headers.get(IDEMPOTENCY_HEADER));
    expect(second).toBe(first);
  });

  it('is fresh once an answer arrived, whatever its status', async () => {
    const refused = new ErrorReply(400, { code: 'bad_request', message: 'Bad email' });
    const keys = fakeWrites('ok', refused, 'lost', 'ok');
    await send('dan@example.mx');
    await send('dan@example.mx');
    await send('dan@example.mx');
    await send('dan@example.mx');
    const [afterNothing, afterSuccess, afterRefusal, afterLost] = keys();
    expect(afterSuccess).not.toBe(afterNothing);
    expect(afterRefusal).not.toBe(afterSuccess);
    expect(afterLost).toBe(afterRefusal);
  });

  it('is fresh for a different body, even after an attempt that got no answer', async () => {
    const keys = fakeWrites('lost', 'ok');
    await send('eva@example.mx');
    await send('eve@example.mx');
    const [first, second] = keys();
    expect(second).not.toBe(first);
  });
});
