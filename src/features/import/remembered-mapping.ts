import { z } from 'zod';
import { headerKey } from './header-key';
import type { ColumnMapping } from './suggest-mapping';

const STORAGE_KEY = 'partition-console.import-mapping';
// Enough for every header a team's files use; the oldest choices go first.
const MAX_REMEMBERED = 500;

const RememberedSchema = z.record(z.string(), z.string().nullable());

/** Header key → the field its column last went to (`null`: left out), from the last imports started here. */
export type RememberedMapping = Record<string, string | null>;

// Storage may be full, blocked (private windows) or hold something older: remembering is a nicety, never an error.
export function loadRememberedMapping(
  storage: Storage | undefined = globalThis.localStorage,
): RememberedMapping {
  try {
    const parsed = RememberedSchema.safeParse(JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}'));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Saves the mapping an import was started with, on top of what earlier imports taught. */
export function rememberMapping(
  columns: readonly string[],
  mapping: ColumnMapping,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  const remembered = new Map(Object.entries(loadRememberedMapping(storage)));
  for (const [index, column] of columns.entries()) {
    const key = headerKey(column);
    if (!key) continue;
    // Re-inserted so the newest choices sit last and survive the trim.
    remembered.delete(key);
    remembered.set(key, mapping[index] ?? null);
  }
  const entries = [...remembered].slice(-MAX_REMEMBERED);
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(Object.fromEntries(entries)));
  } catch {
    // Not remembered this time; the import itself is unaffected.
  }
}
