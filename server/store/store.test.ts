import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditUnavailableError } from '../audit/audit-unavailable';
import { CONSOLE_DBS } from '../testing/console-dbs';
import { sqlRun, sqlValue } from '../testing/console-sql';
import { ConsoleAuditRepo, type NewAuditEntry } from './audit-repo';
import { openConsoleDb } from './database';
import { withFileSizeLimit } from './file-size-limit';
import { ConsoleSessionsRepo } from './sessions-repo';
import { DuplicateEmailError, ConsoleUsersRepo } from './users-repo';

const entry = (overrides: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
  user: { id: 1, email: 'a@example.com' },
  action: 'lead.write',
  partitions: ['Mexico'],
  leadIds: [5],
  outcome: 'success',
  leads: [{ index: 0, leadId: 5, status: 'created' }],
  requestIds: [],
  summary: '',
  ...overrides,
});

describe('the console database', () => {
  it('opens a file in WAL mode, migrates once, and keeps data across opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-db-'));
    try {
      const file = join(dir, 'nested', 'console.sqlite');
      const db = await openConsoleDb({ sqliteFile: file });
      expect(await sqlValue(db, 'PRAGMA journal_mode')).toBe('wal');
      await new ConsoleUsersRepo(db).create({
        email: 'Ana@Example.com',
        name: 'Ana',
        role: 'editor',
        partitions: [2],
        passwordHash: 'x',
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      await db.close();
      const again = await openConsoleDb({ sqliteFile: file });
      const users = new ConsoleUsersRepo(again);
      expect(await users.byEmail('ana@example.com')).toMatchObject({
        email: 'ana@example.com',
        partitions: [2],
      });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(CONSOLE_DBS)('users and sessions on $name', ({ open }) => {
  it('refuses a second user with the same email, whatever its case', async () => {
    const users = new ConsoleUsersRepo(await open());
    const user = {
      email: 'b@example.com',
      name: 'B',
      role: 'viewer' as const,
      partitions: 'all' as const,
      passwordHash: 'x',
      createdAt: '',
    };
    await users.create(user);
    await expect(users.create({ ...user, email: 'B@example.com' })).rejects.toThrow(DuplicateEmailError);
    expect(await users.update(1, { partitions: [3], disabled: true })).toMatchObject({
      partitions: [3],
      disabled: true,
    });
  });

  it('finds a session by its hash, touches it, and ends expired ones, one user’s or all', async () => {
    const db = await open();
    const users = new ConsoleUsersRepo(db);
    const sessions = new ConsoleSessionsRepo(db);
    const user = await users.create({
      email: 's@example.com',
      name: 'S',
      role: 'viewer',
      partitions: [2],
      passwordHash: 'x',
      createdAt: '',
    });
    const session = { idHash: 'h1', userId: user.id, csrfToken: 'c', createdAt: 1_000, lastSeenAt: 1_000 };
    await sessions.create(session);
    await sessions.create({ ...session, idHash: 'h2', createdAt: 5_000, lastSeenAt: 5_000 });
    await sessions.touch('h1', 9_000);
    expect(await sessions.find('h1')).toEqual({ ...session, lastSeenAt: 9_000 });
    // h2 was last seen at 5,000, before the idle cutoff; h1 at 9,000, and created after the absolute one.
    await sessions.deleteExpired(6_000, 500);
    expect(await sessions.find('h1')).toBeDefined();
    expect(await sessions.find('h2')).toBeUndefined();
    await sessions.deleteForUser(user.id);
    expect(await sessions.find('h1')).toBeUndefined();
  });
});

describe.each(CONSOLE_DBS)('the audit trail on $name', ({ open }) => {
  it('has no method that edits or removes entries, and the database refuses updates and deletes', async () => {
    const db = await open();
    const audit = new ConsoleAuditRepo(db);
    const methods = Object.getOwnPropertyNames(ConsoleAuditRepo.prototype).filter(
      (name) => name !== 'constructor',
    );
    expect(methods).toEqual(expect.arrayContaining(['append', 'begin', 'complete', 'query']));
    expect(methods.filter((name) => /update|delete|remove|edit|set|clear/i.test(name))).toEqual([]);
    await audit.append(entry());
    await expect(sqlRun(db, "UPDATE audit SET summary = 'x'")).rejects.toThrow(/append-only/);
    await expect(sqlRun(db, "UPDATE audit SET outcome = 'pending'")).rejects.toThrow(/append-only/);
    await expect(sqlRun(db, 'DELETE FROM audit')).rejects.toThrow(/append-only/);
  });

  it('begins an entry as pending before a write and completes it once; nothing else may change it', async () => {
    const db = await open();
    const audit = new ConsoleAuditRepo(db);
    const { outcome: _outcome, ...started } = entry({ leadIds: [], leads: [], summary: 'createOnly of 1' });
    const id = await audit.begin(started);
    const unfinished = await audit.begin(started);
    const stored = () => audit.query({ visiblePartitions: 'all', readerUserId: 1 }, 10);
    expect((await stored()).map((e) => [e.id, e.outcome])).toEqual([
      [unfinished, 'pending'],
      [id, 'pending'],
    ]);
    // A pending row may only be completed: not edited in place, not re-attributed, not deleted.
    await expect(sqlRun(db, "UPDATE audit SET summary = 'x' WHERE id = ?", id)).rejects.toThrow(
      /append-only/,
    );
    await expect(
      sqlRun(db, "UPDATE audit SET outcome = 'success', user_email = 'x@y.z' WHERE id = ?", id),
    ).rejects.toThrow(/append-only/);
    await expect(sqlRun(db, 'DELETE FROM audit WHERE id = ?', id)).rejects.toThrow(/append-only/);

    await audit.complete(id, {
      outcome: 'partial',
      partitions: ['Mexico', 'Canada'],
      leadIds: [7],
      leads: [{ index: 0, leadId: 7, status: 'created' }],
      requestIds: ['r-1'],
    });
    expect((await stored()).find((e) => e.id === id)).toMatchObject({
      outcome: 'partial',
      partitions: ['Mexico', 'Canada'],
      leadIds: [7],
      leads: [{ index: 0, leadId: 7, status: 'created' }],
      requestIds: ['r-1'],
      summary: 'createOnly of 1',
      user: { id: 1, email: 'a@example.com' },
    });
    await expect(audit.complete(id, { outcome: 'success' })).rejects.toThrow(/not a pending entry/);
    await expect(audit.complete(9999, { outcome: 'success' })).rejects.toThrow(/not a pending entry/);
    await expect(sqlRun(db, "UPDATE audit SET outcome = 'failure' WHERE id = ?", id)).rejects.toThrow(
      /append-only/,
    );
    // One never completed (the proxy stopped between the write and its completion) stays visible as such.
    expect((await stored()).find((e) => e.id === unfinished)?.outcome).toBe('pending');
  });

  it('shows restricted readers only entries wholly inside their partitions, and their own sign-ins', async () => {
    const audit = new ConsoleAuditRepo(await open());
    await audit.append(entry({ partitions: ['Mexico'] }));
    await audit.append(entry({ partitions: ['Mexico', 'Canada'], action: 'lead.move' }));
    await audit.append(entry({ partitions: ['Canada'] }));
    await audit.append(
      entry({ partitions: [], action: 'auth.sign-in', user: { id: 2, email: 'me@example.com' } }),
    );
    await audit.append(
      entry({ partitions: [], action: 'auth.sign-in', user: { id: 3, email: 'other@example.com' } }),
    );
    const mine = await audit.query({ visiblePartitions: ['Mexico'], readerUserId: 2 }, 100);
    expect(mine.map((e) => e.id)).toEqual([4, 1]);
    expect((await audit.query({ visiblePartitions: [], readerUserId: 2 }, 100)).map((e) => e.id)).toEqual([
      4,
    ]);
    expect(await audit.query({ visiblePartitions: 'all', readerUserId: 9 }, 100)).toHaveLength(5);
    expect(
      (await audit.query({ visiblePartitions: 'all', readerUserId: 9, partition: 'Canada' }, 100)).map(
        (e) => e.id,
      ),
    ).toEqual([3, 2]);
    expect(
      (await audit.query({ visiblePartitions: 'all', readerUserId: 9, user: 'OTHER' }, 100)).map((e) => e.id),
    ).toEqual([5]);
    expect(
      (await audit.query({ visiblePartitions: 'all', readerUserId: 9, beforeId: 3 }, 1)).map((e) => e.id),
    ).toEqual([2]);
  });
});

describe('the audit trail on a database that cannot be written (a real file-size limit: no file may grow)', () => {
  it('refuses to begin or append with AuditUnavailableError and records nothing; works again once writable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-full-'));
    const db = await openConsoleDb({ sqliteFile: join(dir, 'console.sqlite') });
    try {
      const audit = new ConsoleAuditRepo(db);
      const { outcome: _outcome, ...started } = entry();
      await withFileSizeLimit(0, async () => {
        await expect(audit.begin(started)).rejects.toThrow(AuditUnavailableError);
        await expect(audit.append(entry({ action: 'auth.sign-in' }))).rejects.toThrow(AuditUnavailableError);
      });
      expect(await audit.query({ visiblePartitions: 'all', readerUserId: 1 }, 10)).toEqual([]);
      const id = await audit.begin(started);
      expect((await audit.query({ visiblePartitions: 'all', readerUserId: 1 }, 10)).map((e) => e.id)).toEqual(
        [id],
      );
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves an entry pending when its completion cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-full-'));
    const db = await openConsoleDb({ sqliteFile: join(dir, 'console.sqlite') });
    try {
      const audit = new ConsoleAuditRepo(db);
      const { outcome: _outcome, ...started } = entry();
      const id = await audit.begin(started);
      await withFileSizeLimit(0, async () => {
        await expect(audit.complete(id, { outcome: 'success' })).rejects.toThrow(/disk I\/O error|full/);
      });
      expect((await audit.query({ visiblePartitions: 'all', readerUserId: 1 }, 10))[0]?.outcome).toBe(
        'pending',
      );
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
