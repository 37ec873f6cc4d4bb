// The page caches of the console's database: 2 MB each for the main schema and the temporary one (an import's
// key ledger), not better-sqlite3's 16 MB each; and the ledger still works under that cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from './database';
import { ImportFilesRepo } from './import-files-repo';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function openInTemp() {
  const dir = mkdtempSync(join(tmpdir(), 'database-cache-'));
  dirs.push(dir);
  return openDatabase(join(dir, 'console.db'));
}

it('caches 2 MB of pages for the main and the temporary schema', () => {
  const db = openInTemp();
  try {
    const ledger = new ImportFilesRepo(db).keyLedger();
    expect(db.pragma('cache_size', { simple: true })).toBe(-2000);
    expect(db.pragma('temp.cache_size', { simple: true })).toBe(-2000);
    ledger.close();
  } finally {
    db.close();
  }
});

it('answers the first row of every key from a ledger larger than its cache', () => {
  const db = openInTemp();
  const repo = new ImportFilesRepo(db);
  const ledger = repo.keyLedger();
  try {
    const keys = 60_000;
    repo.transaction(() => {
      for (let row = 2; row < keys + 2; row++)
        expect(ledger.see(`lead.${row}@example.com`, row)).toBeUndefined();
    });
    repo.transaction(() => {
      for (let row = 2; row < keys + 2; row += 997)
        expect(ledger.see(`lead.${row}@example.com`, row + keys)).toBe(row);
    });
  } finally {
    ledger.close();
    db.close();
  }
});
