import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteAuditRepo, type NewAuditEntry } from './audit-repo';
import { openDatabase } from './database';
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
  it('exposes append and query only, and the database refuses updates and deletes', () => {
    const db = openDatabase(':memory:');
    const audit = new SqliteAuditRepo(db);
    const methods = Object.getOwnPropertyNames(SqliteAuditRepo.prototype).filter(
      (name) => name !== 'constructor',
    );
    expect(methods.sort()).toEqual(['append', 'query']);
    audit.append(entry());
    expect(() => db.prepare("UPDATE audit SET summary = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit').run()).toThrow(/append-only/);
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
