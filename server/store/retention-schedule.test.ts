// The schedule sweeps at once on start, and a shutdown's stop waits for that sweep to stop between pages.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { sqlValue } from '../testing/console-sql';
import { ConsoleAuditRepo } from './audit-repo';
import { openConsoleDb } from './database';
import { RetentionSchedule } from './retention-schedule';

describe('RetentionSchedule', () => {
  it('sweeps on start; stop ends the sweep in flight, recorded as partial, and no other follows', async () => {
    const db = await openConsoleDb({ sqliteFile: ':memory:' });
    const audit = new ConsoleAuditRepo(db);
    for (let entry = 0; entry < 1000; entry += 1) {
      await audit.append({
        at: '2020-01-01T00:00:00.000Z',
        user: { id: 1, email: 'a@example.com' },
        action: 'auth.sign-in',
        partitions: [],
        leadIds: [],
        outcome: 'success',
        leads: [],
        requestIds: [],
        summary: '',
      });
    }
    const logs: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => logs.push(line) } });
    const policy = { importDays: 90, auditDays: 365 };
    const schedule = new RetentionSchedule({ db, audit, now: Date.now, policy }, logger, 1);
    schedule.start();
    await schedule.stop();
    const old = async () =>
      Number(await sqlValue(db, "SELECT count(*) FROM audit WHERE action = 'auth.sign-in'"));
    const left = await old();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(1000);
    const sweeps = await audit.query(
      { visiblePartitions: 'all', readerUserId: 0, action: 'retention.sweep' },
      10,
    );
    expect(sweeps.map((entry) => entry.outcome)).toEqual(['partial']);
    expect(logs.join('\n')).toContain('retention sweep deleted expired records');
    // The 1 ms interval has long passed: a stopped schedule sweeps no more.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await old()).toBe(left);
  });
});
