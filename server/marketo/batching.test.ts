import { describe, expect, it } from 'vitest';
import { chunk, runBatches, splitIntoBatches } from './batching';
import { MarketoApiError, MarketoQuotaError } from './errors';

describe('splitIntoBatches', () => {
  it('cuts at 300 records and keeps input order', () => {
    const items = Array.from({ length: 701 }, (_, i) => ({ email: `l${i}@example.com` }));
    const batches = splitIntoBatches(items);
    expect(batches.map((b) => [b.start, b.items.length])).toEqual([
      [0, 300],
      [300, 300],
      [600, 101],
    ]);
    expect(batches.flatMap((b) => b.items)).toEqual(items);
  });

  it('cuts earlier when the body would pass 1 MB (UTF-8 bytes, envelope included)', () => {
    const big = 'é'.repeat(2000); // 4000 bytes in UTF-8
    const items = Array.from({ length: 600 }, (_, i) => ({ id: i, note: big }));
    const batches = splitIntoBatches(items, { overheadBytes: 100 });
    for (const batch of batches) {
      const body = JSON.stringify({ action: 'createOrUpdate', lookupField: 'email', input: batch.items });
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(1_000_000);
      expect(batch.items.length).toBeLessThanOrEqual(300);
    }
    expect(batches.length).toBeGreaterThan(2);
    expect(batches.flatMap((b) => b.items)).toEqual(items);
  });

  it('puts a record too big for any request in a batch of its own, marked oversized', () => {
    const items = [{ a: 1 }, { a: 'x'.repeat(1_000_001) }, { a: 2 }];
    const batches = splitIntoBatches(items);
    expect(batches.map((b) => [b.start, b.items.length, b.oversized])).toEqual([
      [0, 1, false],
      [1, 1, true],
      [2, 1, false],
    ]);
  });
});

describe('chunk', () => {
  it('slices without losing anything', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 300)).toEqual([]);
  });
});

describe('runBatches', () => {
  const batches = splitIntoBatches([1, 2, 3, 4, 5], { maxItems: 2 });
  const failed = (item: number, error: unknown) => `failed ${item}: ${(error as Error).message}`;
  const never = () => false;

  it('keeps the other batches when one fails, in input order', async () => {
    const out = await runBatches(
      batches,
      (b) =>
        b.start === 2
          ? Promise.reject(new MarketoApiError('611', 'System error', 'r'))
          : Promise.resolve(b.items.map((i) => `ok ${i}`)),
      failed,
      never,
    );
    expect(out).toEqual([
      'ok 1',
      'ok 2',
      'failed 3: Marketo error 611: System error',
      'failed 4: Marketo error 611: System error',
      'ok 5',
    ]);
  });

  it('throws the first error when every batch fails', async () => {
    const error = new MarketoApiError('603', 'Access denied', 'r');
    await expect(runBatches(batches, () => Promise.reject(error), failed, never)).rejects.toBe(error);
  });

  it('sends nothing more after an error that stops all (quota)', async () => {
    const sent: number[] = [];
    const quota = new MarketoQuotaError(new Date(0), 'r');
    const out = await runBatches(
      batches,
      (b) => {
        sent.push(b.start);
        return b.start === 2 ? Promise.reject(quota) : Promise.resolve(b.items.map((i) => `ok ${i}`));
      },
      failed,
      (e) => e instanceof MarketoQuotaError,
    );
    expect(sent).toEqual([0, 2]);
    expect(out.slice(2).every((o) => o.startsWith('failed'))).toBe(true);
  });
});
