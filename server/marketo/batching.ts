// Splitting writes into batches Marketo accepts (≤300 records, ≤1 MB body) and putting per-record results
// back in input order. Lead results carry no `seq`, so position within a batch is the only link.

/** Records per Lead Database write and values per filter query (docs/marketo-api.md §11). */
export const MAX_BATCH_RECORDS = 300;
/** Marketo's 1 MB body limit, kept under both its decimal and binary readings. */
export const MAX_BATCH_BYTES = 1_000_000;

export interface Batch<T> {
  /** Index of `items[0]` in the full input. */
  start: number;
  items: T[];
  /** A single record too large to send on its own. */
  oversized: boolean;
}

/**
 * Splits `items` into consecutive batches of at most `maxItems` whose JSON (plus `overheadBytes` for the rest of
 * the body) stays within `maxBytes`. Every item lands in exactly one batch, in order; an item that alone
 * exceeds the limit gets a batch of its own marked `oversized`.
 */
export function splitIntoBatches<T>(
  items: readonly T[],
  { maxItems = MAX_BATCH_RECORDS, maxBytes = MAX_BATCH_BYTES, overheadBytes = 0 } = {},
): Batch<T>[] {
  const batches: Batch<T>[] = [];
  let current: Batch<T> | undefined;
  let bytes = 0;
  items.forEach((item, index) => {
    const size = Buffer.byteLength(JSON.stringify(item), 'utf8') + 1; // + the separating comma
    if (overheadBytes + size > maxBytes) {
      batches.push({ start: index, items: [item], oversized: true });
      current = undefined;
      return;
    }
    if (!current || current.items.length >= maxItems || overheadBytes + bytes + size > maxBytes) {
      current = { start: index, items: [], oversized: false };
      batches.push(current);
      bytes = 0;
    }
    current.items.push(item);
    bytes += size;
  });
  return batches;
}

/** Consecutive slices of at most `size` elements. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Runs `send` for each batch, one after another (concurrent upserts of the same key can create duplicates in
 * Marketo), and assembles one outcome per input item in input order. A batch that fails finally gets
 * `failed(item, error)` for each of its items; once `stopsAll(error)` holds (quota, credentials), later batches
 * are not sent. If every batch fails, the first error is thrown instead.
 */
export async function runBatches<T, O>(
  batches: readonly Batch<T>[],
  send: (batch: Batch<T>) => Promise<O[]>,
  failed: (item: T, error: unknown) => O,
  stopsAll: (error: unknown) => boolean,
): Promise<O[]> {
  const outcomes: O[] = [];
  let firstError: { error: unknown } | undefined;
  let stopper: { error: unknown } | undefined;
  let failures = 0;
  for (const batch of batches) {
    let results: O[];
    try {
      results = stopper ? batch.items.map((item) => failed(item, stopper?.error)) : await send(batch);
      if (stopper) failures++;
    } catch (error) {
      failures++;
      firstError ??= { error };
      if (!stopper && stopsAll(error)) stopper = { error };
      results = batch.items.map((item) => failed(item, error));
    }
    outcomes.push(...results);
  }
  if (firstError && failures === batches.length) throw firstError.error;
  return outcomes;
}
