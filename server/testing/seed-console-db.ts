// A SQLite console database with something in every table a team's would hold, written through the real
// repositories: users with grants, an SSO user, sessions, finished and pending audit entries, an uploaded file
// and an import job run to completion (server/store/copy-to-postgres.test.ts copies it to PostgreSQL).
import { randomUUID } from 'node:crypto';
import { ConsoleAuditRepo } from '../store/audit-repo';
import { openConsoleDb } from '../store/database';
import { ImportRunsRepo } from '../store/import-runs-repo';
import { ImportsRepo } from '../store/imports-repo';
import { MovesRepo } from '../store/moves-repo';
import { executor } from '../store/transaction';
import { ConsoleSessionsRepo } from '../store/sessions-repo';
import { ConsoleUsersRepo } from '../store/users-repo';

export interface SeededConsole {
  adminId: number;
  editorId: number;
  ssoUserId: number;
  jobId: string;
  /** A second job, begun at the same millisecond: only the order they were written in tells them apart. */
  skippedJobId: string;
  /** An audit entry begun and never completed (the proxy stopped between the two). */
  pendingAuditId: number;
  /** A bulk move with a chunk answered and one still `sending`, and an ambiguous row with its candidates. */
  moveJobId: string;
}

const FILE_ROWS = 30;
const CHUNK_ROWS = 12;

export async function seedConsoleDb(file: string): Promise<SeededConsole> {
  const consoleDb = await openConsoleDb({ sqliteFile: file });
  try {
    const users = new ConsoleUsersRepo(consoleDb);
    const createdAt = '2026-11-01T09:00:00.000Z';
    const admin = await users.create({
      email: 'admin@example.com',
      name: 'Ada Admin',
      role: 'admin',
      partitions: 'all',
      passwordHash: 'scrypt$admin-hash',
      createdAt,
    });
    const editor = await users.create({
      email: 'editor@example.com',
      name: 'Émile Éditeur',
      role: 'editor',
      partitions: [1, 2],
      passwordHash: 'scrypt$editor-hash',
      createdAt,
    });
    const ssoUser = await users.create({
      email: 'sso.viewer@example.com',
      name: 'Sam SSO',
      role: 'viewer',
      partitions: [2],
      passwordHash: '',
      createdAt,
      sso: { issuer: 'https://idp.example.com', subject: 'subject-42' },
    });
    await users.markSignedIn(editor.id, '2026-11-02T10:00:00.000Z');
    await users.update(ssoUser.id, { disabled: true });

    const sessions = new ConsoleSessionsRepo(consoleDb);
    for (const [userId, n] of [
      [admin.id, 1],
      [editor.id, 2],
    ] as const) {
      await sessions.create({
        idHash: `hash-${n}-${'a'.repeat(58)}`,
        userId,
        csrfToken: `csrf-${n}`,
        createdAt: 1_764_000_000_000 + n,
        lastSeenAt: 1_764_000_100_000 + n,
      });
    }

    const audit = new ConsoleAuditRepo(consoleDb);
    await audit.append({
      user: { id: admin.id, email: 'admin@example.com' },
      action: 'auth.sign-in',
      partitions: [],
      leadIds: [],
      outcome: 'success',
      leads: [],
      requestIds: [],
      summary: 'signed in from 203.0.113.9',
    });
    const completed = await audit.begin({
      user: { id: editor.id, email: 'editor@example.com' },
      action: 'lead.write',
      partitions: ['Europe'],
      leadIds: [],
      leads: [],
      requestIds: [],
      summary: 'createOrUpdate by email',
    });
    await audit.complete(completed, {
      outcome: 'partial',
      leadIds: [101, 102],
      leads: [
        { index: 0, leadId: 101, status: 'created' },
        { index: 1, status: 'skipped', reason: '1005 Lead already exists' },
      ],
      requestIds: ['e42b#16a2b9e1c3d'],
    });
    const pendingAuditId = await audit.begin({
      user: { id: editor.id, email: 'editor@example.com' },
      action: 'lead.move',
      partitions: ['Default', 'Europe'],
      leadIds: [103],
      leads: [],
      requestIds: [],
      summary: 'move to Europe',
    });

    const imports = new ImportsRepo(consoleDb);
    const fileId = randomUUID();
    await imports.createFile({
      id: fileId,
      userId: editor.id,
      name: 'leads.csv',
      delimiter: ',',
      columns: ['email', 'firstName'],
      createdAtMs: 1_764_000_200_000,
    });
    const rows = Array.from({ length: FILE_ROWS }, (_, index) => ({
      row: index + 2,
      cells: [`row${index}@example.com`, index % 7 === 0 ? '' : `Fïrst ${index}`],
    }));
    await imports.addRows(fileId, rows);
    await imports.finishFile(fileId, 1234, FILE_ROWS);

    const jobId = randomUUID();
    await imports.beginJob({
      id: jobId,
      startedBy: 'seed-replica',
      fileId,
      user: { id: editor.id, email: 'editor@example.com' },
      partitionName: 'Europe',
      action: 'createOrUpdate',
      lookupField: 'email',
      mapping: ['email', 'firstName'],
      createdAtMs: 1_764_000_300_000,
    });
    const outcomes = rows.map(({ row, cells }) =>
      row === 5
        ? { row, outcome: { skip: { code: 'invalid-email', message: 'Not an email address' } } }
        : { row, outcome: { send: { email: cells[0], firstName: cells[1] } } },
    );
    await imports.addResults(jobId, outcomes);
    await imports.openJob(jobId, { total: FILE_ROWS, skipped: 1 });

    const runs = new ImportRunsRepo(consoleDb);
    let leadId = 500;
    for (;;) {
      const claimed = await runs.claimChunk(jobId, CHUNK_ROWS, (free) => free.length, 1_764_000_400_000);
      if (!claimed) break;
      await runs.transaction(async () => {
        const answers = claimed.rows.map(({ row }) =>
          row % 4 === 0
            ? {
                row,
                status: 'failed' as const,
                reason: { code: '1003', message: 'Value for field firstName is invalid' },
              }
            : { row, status: 'created' as const, leadId: (leadId += 1) },
        );
        await runs.storeAnswers(
          jobId,
          claimed.chunk,
          answers,
          [],
          1_764_000_500_000,
          ['req-1'],
          answers.length,
        );
        await audit.append({
          user: { id: editor.id, email: 'editor@example.com' },
          action: 'import',
          partitions: ['Europe'],
          leadIds: answers.flatMap((answer) => (answer.leadId === undefined ? [] : [answer.leadId])),
          outcome: 'partial',
          leads: [],
          requestIds: ['req-1'],
          summary: `chunk ${claimed.chunk}`,
          importJobId: jobId,
        });
      });
    }
    if (!(await runs.finishIfDone(jobId, 1_764_000_600_000)))
      throw new Error('the seeded import did not finish');

    const skippedJobId = randomUUID();
    await imports.beginJob({
      id: skippedJobId,
      startedBy: 'seed-replica',
      fileId,
      user: { id: admin.id, email: 'admin@example.com' },
      partitionName: 'Default',
      action: 'updateOnly',
      lookupField: 'email',
      mapping: ['email', null],
      createdAtMs: 1_764_000_300_000,
    });
    await imports.addResults(
      skippedJobId,
      rows.map(({ row }) => ({ row, outcome: { skip: { code: 'no-lookup', message: 'No email' } } })),
    );
    await imports.openJob(skippedJobId, { total: FILE_ROWS, skipped: FILE_ROWS });
    // A bulk-path file record (server/imports/bulk/), so the copy covers import_bulk_batches too.
    await executor(consoleDb)
      .insertInto('import_bulk_batches')
      .values({
        job_id: jobId,
        batch: 1,
        state: 'done',
        rows: 0,
        bytes: 27,
        uploaded_by: 'seed-replica',
        marketo_batch_id: 3404,
        marketo_status: 'Complete',
        message: 'Import succeeded, 0 records imported (0 members)',
        created_at_ms: 1_764_000_500_000,
        answered_at_ms: 1_764_000_550_000,
      })
      .execute();

    const moveJobId = await seedMoveJob(new MovesRepo(consoleDb), editor.id);
    return {
      adminId: admin.id,
      editorId: editor.id,
      ssoUserId: ssoUser.id,
      jobId,
      skippedJobId,
      pendingAuditId,
      moveJobId,
    };
  } finally {
    await consoleDb.close();
  }
}

async function seedMoveJob(moves: MovesRepo, editorId: number): Promise<string> {
  const id = randomUUID();
  await moves.createJob({
    id,
    userId: editorId,
    userEmail: 'editor@example.com',
    target: 'Europe',
    kind: 'email',
    undoOf: null,
    state: 'resolving',
    nowMs: 1_764_000_700_000,
  });
  const values = ['a@example.com', 'b@example.com', 'twice@example.com', 'c@example.com', 'gone@example.com'];
  await moves.insertRows(
    id,
    values.map((value, index) => ({ row: index + 1, value, status: 'unresolved' as const })),
  );
  await moves.open(id, values.length);
  await moves.storeResolutions(id, [
    { row: 1, status: 'ready', leadId: 9_000_000_001, fromPartitionId: 1 },
    { row: 2, status: 'ready', leadId: 702, fromPartitionId: 1 },
    {
      row: 3,
      status: 'ambiguous',
      candidates: [
        { id: 703, partitionId: 1 },
        { id: 704, partitionId: 2 },
      ],
    },
    { row: 4, status: 'ready', leadId: 705, fromPartitionId: 2 },
    { row: 5, status: 'not_found' },
  ]);
  if (!(await moves.start(id, 1_764_000_800_000))) throw new Error('the seeded move did not start');
  const first = await moves.claimChunk(id, 2, 1_764_000_900_000);
  if (!first) throw new Error('the seeded move claimed nothing');
  await moves.transaction(() =>
    moves.storeAnswers(
      id,
      first.chunk,
      [
        { row: 1, status: 'moved' },
        { row: 2, status: 'failed', reason: { code: '1004', message: 'Lead not found' } },
      ],
      [],
      ['req-move-1'],
      1_764_001_000_000,
    ),
  );
  if (!(await moves.claimChunk(id, 2, 1_764_001_100_000)))
    throw new Error('the seeded move has no second chunk');
  return id;
}
