import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditUnavailableError } from '../audit/audit-unavailable';
import { SqliteAuditRepo, type NewAuditEntry } from './audit-repo';
import { openDatabase } from './database';
import { withFileSizeLimit } from './file-size-limit';
import { DuplicateEmailError, SqliteUsersRepo } from './users-repo';

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
  it('opens a file in WAL mode, migrates once, and keeps data across opens', () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-db-'));
    try {
      const file = join(dir, 'nested', 'console.sqlite');
      const db = openDatabase(file);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      new SqliteUsersRepo(db).create({
        email: 'Ana@Example.com',
        name: 'Ana',
        role: 'editor',
        partitions: [2],
        passwordHash: 'x',
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      db.close();
      const again = openDatabase(file);
      const users = new SqliteUsersRepo(again);
      expect(users.byEmail('ana@example.com')).toMatchObject({ email: 'ana@example.com', partitions: [2] });
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second user with the same email, whatever its case', () => {
    const users = new SqliteUsersRepo(openDatabase(':memory:'));
    const user = {
      email: 'b@example.com',
      name: 'B',
      role: 'viewer' as const,
      partitions: 'all' as const,
      passwordHash: 'x',
      createdAt: '',
    };
    users.create(user);
    expect(() => users.create({ ...user, email: 'B@example.com' })).toThrow(DuplicateEmailError);
    expect(users.update(1, { partitions: [3], disabled: true })).toMatchObject({
      partitions: [3],
      disabled: true,
    });
  });
});

describe('the audit trail', () => {
  it('has no method that edits or removes entries, and the database refuses updates and deletes', () => {
    const db = openDatabase(':memory:');
    const audit = new SqliteAuditRepo(db);
    const methods = Object.getOwnPropertyNames(SqliteAuditRepo.prototype).filter(
      (name) => name !== 'constructor',
    );
    expect(methods).toEqual(expect.arrayContaining(['append', 'begin', 'complete', 'query']));
    expect(methods.filter((name) => /update|delete|remove|edit|set|clear/i.test(name))).toEqual([]);
    audit.append(entry());
    expect(() => db.prepare("UPDATE audit SET summary = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit SET outcome = 'pending'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
  });

  it('begins an entry as pending before a write and completes it once; nothing else may change it', () => {
    const db = openDatabase(':memory:');
    const audit = new SqliteAuditRepo(db);
    const { outcome: _outcome, ...started } = entry({ leadIds: [], leads: [], summary: 'createOnly of 1' });
    const id = audit.begin(started);
    const unfinished = audit.begin(started);
    const stored = () => audit.query({ visiblePartitions: 'all', readerUserId: 1 }, 10);
    expect(stored().map((e) => [e.id, e.outcome])).toEqual([
      [unfinished, 'pending'],
      [id, 'pending'],
    ]);
    // A pending row may only be completed: not edited in place, not re-attributed, not deleted.
    expect(() => db.prepare("UPDATE audit SET summary = 'x' WHERE id = ?").run(id)).toThrow(/append-only/);
    expect(() =>
      db.prepare("UPDATE audit SET outcome = 'success', user_email = 'x@y.z' WHERE id = ?").run(id),
    ).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE id = ?').run(id)).toThrow(/append-only/);

    audit.complete(id, {
      outcome: 'partial',
      partitions: ['Mexico', 'Canada'],
      leadIds: [7],
      leads: [{ index: 0, leadId: 7, status: 'created' }],
      requestIds: ['r-1'],
    });
    expect(stored().find((e) => e.id === id)).toMatchObject({
      outcome: 'partial',
      partitions: ['Mexico', 'Canada'],
      leadIds: [7],
      leads: [{ index: 0, leadId: 7, status: 'created' }],
      requestIds: ['r-1'],
      summary: 'createOnly of 1',
      user: { id: 1, email: 'a@example.com' },
    });
    expect(() => audit.complete(id, { outcome: 'success' })).toThrow(/not a pending entry/);
    expect(() => audit.complete(9999, { outcome: 'success' })).toThrow(/not a pending entry/);
    expect(() => db.prepare("UPDATE audit SET outcome = 'failure' WHERE id = ?").run(id)).toThrow(
      /append-only/,
    );
    // One never completed (the proxy stopped between the write and its completion) stays visible as such.
    expect(stored().find((e) => e.id === unfinished)?.outcome).toBe('pending');
  });

  it('shows restricted readers only entries wholly inside their partitions, and their own sign-ins', () => {
    const audit = new SqliteAuditRepo(openDatabase(':memory:'));
    audit.append(entry({ partitions: ['Mexico'] }));
    audit.append(entry({ partitions: ['Mexico', 'Canada'], action: 'lead.move' }));
    audit.append(entry({ partitions: ['Canada'] }));
    audit.append(entry({ partitions: [], action: 'auth.sign-in', user: { id: 2, email: 'me@example.com' } }));
    audit.append(
      entry({ partitions: [], action: 'auth.sign-in', user: { id: 3, email: 'other@example.com' } }),
    );
    const mine = audit.query({ visiblePartitions: ['Mexico'], readerUserId: 2 }, 100);
    expect(mine.map((e) => e.id)).toEqual([4, 1]);
    expect(audit.query({ visiblePartitions: [], readerUserId: 2 }, 100).map((e) => e.id)).toEqual([4]);
    expect(audit.query({ visiblePartitions: 'all', readerUserId: 9 }, 100)).toHaveLength(5);
    expect(
      audit.query({ visiblePartitions: 'all', readerUserId: 9, partition: 'Canada' }, 100).map((e) => e.id),
    ).toEqual([3, 2]);
    expect(
      audit.query({ visiblePartitions: 'all', readerUserId: 9, user: 'OTHER' }, 100).map((e) => e.id),
    ).toEqual([5]);
    expect(
      audit.query({ visiblePartitions: 'all', readerUserId: 9, beforeId: 3 }, 1).map((e) => e.id),
    ).toEqual([2]);
  });
});

describe('the audit trail on a database that cannot be written (a real file-size limit: no file may grow)', () => {
  it('refuses to begin or append with AuditUnavailableError and records nothing; works again once writable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-full-'));
    const db = openDatabase(join(dir, 'console.sqlite'));
    try {
      const audit = new SqliteAuditRepo(db);
      const { outcome: _outcome, ...started } = entry();
      await withFileSizeLimit(0, () => {
        expect(() => audit.begin(started)).toThrow(AuditUnavailableError);
        expect(() => audit.append(entry({ action: 'auth.sign-in' }))).toThrow(AuditUnavailableError);
      });
      expect(audit.query({ visiblePartitions: 'all', readerUserId: 1 }, 10)).toEqual([]);
      const id = audit.begin(started);
      expect(audit.query({ visiblePartitions: 'all', readerUserId: 1 }, 10).map((e) => e.id)).toEqual([id]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves an entry pending when its completion cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-full-'));
    const db = openDatabase(join(dir, 'console.sqlite'));
    try {
      const audit = new SqliteAuditRepo(db);
      const { outcome: _outcome, ...started } = entry();
      const id = audit.begin(started);
      await withFileSizeLimit(0, () => {
        expect(() => audit.complete(id, { outcome: 'success' })).toThrow(/disk I\/O error|full/);
      });
      expect(audit.query({ visiblePartitions: 'all', readerUserId: 1 }, 10)[0]?.outcome).toBe('pending');
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
