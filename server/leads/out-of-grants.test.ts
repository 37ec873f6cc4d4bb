// The check after a write, against the emulator: ids the screen did not place are read back, those outside the
// grants (or that cannot be placed) are stray, and their security event is recorded, or logged when it cannot be.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { withFileSizeLimit } from '../store/file-size-limit';
import { startTestStack, type TestStack } from '../test-helpers';
import { reportStrayLeads, unexpectedLeads } from './out-of-grants';
import { emptyScreen } from './write-screen';

const CANADA_LEAD = 318820;
const MEXICO_LEAD = 318818;
const MISSING_LEAD = 999_999;

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack.close();
});

describe('unexpectedLeads', () => {
  it('reads back only ids neither created nor placed by the screen, and calls those outside the grants stray', async () => {
    const mexicoEditor = await stack.signIn({ role: 'editor', partitions: [2] });
    const screen = emptyScreen();
    screen.insideLeads.set(318816, 2);
    const before = (await stack.control.stats()).calls;
    const found = await unexpectedLeads(
      mexicoEditor.user,
      stack.marketo,
      [
        { status: 'created', id: 900_001 },
        { status: 'updated', id: 318816 },
        { status: 'updated', id: MEXICO_LEAD },
        { status: 'updated', id: CANADA_LEAD },
        { status: 'updated', id: MISSING_LEAD },
        { status: 'skipped' },
      ],
      screen,
    );
    expect((await stack.control.stats()).calls - before).toBe(1);
    expect([...found.placed]).toEqual([
      [MEXICO_LEAD, 2],
      [CANADA_LEAD, 3],
      [MISSING_LEAD, undefined],
    ]);
    expect([...found.stray]).toEqual([
      [CANADA_LEAD, 3],
      [MISSING_LEAD, undefined],
    ]);
  });

  it('costs no call when every id was expected, or when the user is granted everything', async () => {
    const mexicoEditor = await stack.signIn({ role: 'editor', partitions: [2] });
    const before = (await stack.control.stats()).calls;
    const created = await unexpectedLeads(
      mexicoEditor.user,
      stack.marketo,
      [{ status: 'created', id: 1 }],
      emptyScreen(),
    );
    const admin = await unexpectedLeads(
      stack.api.user,
      stack.marketo,
      [{ status: 'updated', id: CANADA_LEAD }],
      emptyScreen(),
    );
    expect(created.stray.size + admin.stray.size).toBe(0);
    expect((await stack.control.stats()).calls).toBe(before);
  });
});

describe('reportStrayLeads', () => {
  const partitions = [
    { id: 2, name: 'Mexico' },
    { id: 3, name: 'Canada' },
  ];

  it('records one security event naming the partitions the stray leads live in', async () => {
    const editor = await stack.signIn({ role: 'editor', partitions: [2] });
    const log = createLogger({ level: 'silent' });
    const stray = new Map<number, number | undefined>([
      [CANADA_LEAD, 3],
      [MISSING_LEAD, undefined],
    ]);
    await reportStrayLeads(
      { audit: stack.access.audit, log },
      editor.user,
      partitions,
      stray,
      'A test write',
    );
    const [entry] = await stack.access.audit.query(
      { visiblePartitions: 'all', readerUserId: stack.api.user.id, action: 'security.out-of-grants' },
      1,
    );
    expect(entry).toMatchObject({
      user: { email: editor.user.email },
      partitions: ['Canada', '(unknown partition)'],
      leadIds: [CANADA_LEAD, MISSING_LEAD],
      outcome: 'failure',
    });
    // The writer's own Activity never shows it: it names partitions outside their grants.
    expect(JSON.stringify((await editor.inject('/api/activity')).json())).not.toContain(String(CANADA_LEAD));
  });

  it('logs, never throws, when the trail cannot take it: the write it follows has already happened', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stray-'));
    // A file: an in-memory database would not feel the limit.
    const full = await startTestStack({ consoleDbFile: join(folder, 'console.sqlite') });
    try {
      const lines: string[] = [];
      const log = createLogger({
        level: 'error',
        destination: { write: (line: string) => lines.push(line) },
      });
      const stray = new Map([[CANADA_LEAD, 3]]);
      await withFileSizeLimit(0, () =>
        expect(
          reportStrayLeads({ audit: full.access.audit, log }, full.api.user, partitions, stray, 'A write'),
        ).resolves.toBeUndefined(),
      );
      expect(lines.join('')).toContain('a security event could not be recorded');
    } finally {
      await full.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
