// The audit trail stays append-only outside a retention sweep; inside one, only entries older than its cutoff go.
import { describe, expect, it } from 'vitest';
import { SqliteAuditRepo, type NewAuditEntry } from './audit-repo';
import { openDatabase, type SqliteDb } from './database';
import { countAuditBefore, deleteAuditPage } from './retention-audit';

const CUTOFF = Date.parse('2026-01-01T00:00:00.000Z');

const entry = (at: string): NewAuditEntry => ({
  at,
  user: { id: 1, email: 'a@example.com' },
  action: 'lead.write',
  partitions: ['Mexico'],
  leadIds: [5],
  outcome: 'success',
  leads: [{ index: 0, leadId: 5, status: 'created' }],
  requestIds: [],
  summary: '',
});

function trailWithOldAndRecent(): { db: SqliteDb; oldId: number; recentId: number } {
  const db = openDatabase(':memory:');
  const audit = new SqliteAuditRepo(db);
  const oldId = audit.append(entry('2025-06-01T00:00:00.000Z'));
  const recentId = audit.append(entry('2026-03-01T00:00:00.000Z'));
  return { db, oldId, recentId };
}

const ids = (db: SqliteDb) => db.prepare('SELECT id FROM audit ORDER BY id').pluck().all();

describe('audit retention', () => {
  it('refuses a plain DELETE of an old or a recent entry outside a sweep', () => {
    const { db, oldId, recentId } = trailWithOldAndRecent();
    const remove = db.prepare('DELETE FROM audit WHERE id = ?');
    expect(() => remove.run(oldId)).toThrow('audit is append-only');
    expect(() => remove.run(recentId)).toThrow('audit is append-only');
    expect(() => db.exec('DELETE FROM audit')).toThrow('audit is append-only');
    expect(ids(db)).toEqual([oldId, recentId]);
  });

  it('inside a sweep deletes only entries older than its cutoff', () => {
    const { db, oldId, recentId } = trailWithOldAndRecent();
    const sweep = db.transaction((id: number) => {
      db.prepare('INSERT INTO retention_sweep (id, cutoff_ms) VALUES (1, ?)').run(CUTOFF);
      db.prepare('DELETE FROM audit WHERE id = ?').run(id);
      db.prepare('DELETE FROM retention_sweep').run();
    });
    expect(() => sweep(recentId)).toThrow('audit is append-only');
    expect(ids(db)).toEqual([oldId, recentId]);
    sweep(oldId);
    expect(ids(db)).toEqual([recentId]);
  });

  it('never lets a sweep row outlive its transaction, so a later DELETE is refused again', () => {
    const { db, oldId } = trailWithOldAndRecent();
    expect(() =>
      db.prepare('INSERT INTO retention_sweep (id, cutoff_ms) VALUES (1, ?)').run(Date.parse('2099-01-01')),
    ).toThrow('FOREIGN KEY constraint failed');
    const leftOpen = db.transaction(() => {
      db.prepare('INSERT INTO retention_sweep (id, cutoff_ms) VALUES (1, ?)').run(CUTOFF);
      db.prepare('DELETE FROM audit WHERE id = ?').run(oldId);
    });
    expect(() => leftOpen()).toThrow('FOREIGN KEY constraint failed');
    expect(db.prepare('SELECT count(*) FROM retention_sweep').pluck().get()).toBe(0);
    expect(ids(db)).toHaveLength(2);
    expect(() => db.prepare('DELETE FROM audit WHERE id = ?').run(oldId)).toThrow('audit is append-only');
  });

  it('deletes page by page up to the cutoff, and still refuses updates of what remains', () => {
    const db = openDatabase(':memory:');
    const audit = new SqliteAuditRepo(db);
    for (let day = 1; day <= 25; day += 1)
      audit.append(entry(`2025-12-${String(day).padStart(2, '0')}T12:00:00Z`));
    const kept = audit.append(entry('2026-01-01T00:00:00.000Z'));
    expect(countAuditBefore(db, CUTOFF)).toBe(25);
    expect(deleteAuditPage(db, CUTOFF, 10)).toBe(10);
    expect(countAuditBefore(db, CUTOFF)).toBe(15);
    expect(deleteAuditPage(db, CUTOFF, 10)).toBe(10);
    expect(deleteAuditPage(db, CUTOFF, 10)).toBe(5);
    expect(deleteAuditPage(db, CUTOFF, 10)).toBe(0);
    expect(ids(db)).toEqual([kept]);
    expect(() => db.prepare("UPDATE audit SET summary = 'x' WHERE id = ?").run(kept)).toThrow(
      'audit is append-only',
    );
  });
});
