// The page caches of the console's database: 2 MB each for the main schema and the temporary one (an import's
// key ledger), not better-sqlite3's 16 MB each; and the ledger still works under that cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { sqlValue } from '../testing/console-sql';
import { openConsoleDb } from './database';
import { ImportFilesRepo } from './import-files-repo';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function openInTemp() {
  const dir = mkdtempSync(join(tmpdir(), 'database-cache-'));
  dirs.push(dir);
  return openConsoleDb({ sqliteFile: join(dir, 'console.db') });
}

it('caches 2 MB of pages for the main and the temporary schema', async () => {
  const db = await openInTemp();
  try {
    const ledger = new ImportFilesRepo(db).keyLedger();
    expect(await sqlValue(db, 'PRAGMA cache_size')).toBe(-2000);
    expect(await sqlValue(db, 'PRAGMA temp.cache_size')).toBe(-2000);
    await ledger.close();
  } finally {
    await db.close();
  }
});

it('answers the first row of every key from a ledger larger than its cache', async () => {
  const db = await openInTemp();
  const repo = new ImportFilesRepo(db);
  const ledger = repo.keyLedger();
  try {
    const keys = 60_000;
    await repo.transaction(async () => {
      for (let row = 2; row < keys + 2; row++)
        expect(await ledger.see(`lead.${row}@example.com`, row)).toBeUndefined();
    });
    await repo.transaction(async () => {
      for (let row = 2; row < keys + 2; row += 997)
        expect(await ledger.see(`lead.${row}@example.com`, row + keys)).toBe(row);
    });
  } finally {
    await ledger.close();
    await db.close();
  }
});
