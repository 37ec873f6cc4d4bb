// Activity as people read it: an import job's entries (its start, one per chunk, its cancel or failure) are one
// item, grouped at read time because the trail itself is append-only. Rows are filtered first (visibility, the
// reader's filters) and grouped after, so an item only ever sums entries the reader may see.
import { sql, type RawBuilder } from 'kysely';
import { ACTIVITY_GROUP_LIST_MAX, type ActivityEntry } from '../contract/activity';
import type { AuditFilter, AuditRow } from './audit-repo';
import { toEntry } from './audit-repo';
import { auditWhere, whereSql } from './audit-where';
import { elementField, elementJson, elementNumber, jsonArrayLength, jsonElements } from './dialect-sql';
import type { ConsoleDb } from './kysely';
import { executor } from './transaction';
import { summaryFields } from '../audit/summary-codes';

interface ItemKey {
  id: number;
  job: string | null;
}

type Where = ReturnType<typeof auditWhere>;

/**
 * Newest first, at most `limit` items. A job's item sits at its oldest matching entry, so later chunks never
 * move it and a cursor (`beforeId`) neither repeats nor skips it.
 */
export async function queryItems(
  consoleDb: ConsoleDb,
  filter: AuditFilter,
  limit: number,
): Promise<ActivityEntry[]> {
  const db = executor(consoleDb);
  const where = auditWhere(consoleDb, filter);
  const before = filter.beforeId === undefined ? [] : [sql`audit.id < ${filter.beforeId}`];
  // The oldest matching entry of a job is below the cursor exactly when some matching entry of it is.
  const { rows: keys } = await sql<ItemKey>`
    SELECT id, job FROM (
      SELECT id, NULL AS job FROM audit
      ${whereSql([...where.conditions, ...before, sql`audit.import_job_id IS NULL`])}
      ORDER BY id DESC LIMIT ${limit}) AS singles
    UNION ALL
    SELECT MIN(id) AS id, import_job_id AS job FROM audit
    ${whereSql([...where.conditions, ...before, sql`audit.import_job_id IS NOT NULL`])}
    GROUP BY import_job_id
    ORDER BY id DESC LIMIT ${limit}`.execute(db);
  const items: ActivityEntry[] = [];
  for (const key of keys) {
    if (key.job === null) {
      const { rows } = await sql<AuditRow>`SELECT * FROM audit WHERE id = ${key.id}`.execute(db);
      items.push(toEntry(rows[0]!));
    } else {
      items.push(await jobItem(consoleDb, where, filter, key.job));
    }
  }
  return items;
}

type GroupRow = Omit<AuditRow, 'lead_ids' | 'leads'>;

/** What a job's item sums over its entries: the costly part, kept per job and filter (see `summed`). */
interface Sums {
  /** The newest entry summed. */
  throughId: number;
  statusCounts: Record<string, number>;
  leadCount: number;
  problems: ActivityEntry['leads'];
  leadIds: number[];
}

// The trail is append-only, so a job's sums over entries up to some id never change: each read adds only the
// entries since (a 500,000-row job's 1,667 entries cost ~300 ms once, then a few ms per read).
const sumsByDb = new WeakMap<ConsoleDb, Map<string, Sums>>();
const SUMS_KEPT = 500;

/** The job's sums over its matching entries up to `throughId`, from the last ones kept plus what came after. */
async function summed(consoleDb: ConsoleDb, where: Where, jobId: string, throughId: number): Promise<Sums> {
  let kept = sumsByDb.get(consoleDb);
  if (!kept) sumsByDb.set(consoleDb, (kept = new Map<string, Sums>()));
  const key = JSON.stringify([jobId, where.key]);
  const before = kept.get(key);
  if (before?.throughId === throughId) return before;
  const sinceId = before && before.throughId < throughId ? before.throughId : 0;
  const added = await sumRange(consoleDb, where, jobId, sinceId, throughId);
  const sums =
    sinceId === 0 || !before
      ? added
      : {
          throughId,
          statusCounts: addCounts(before.statusCounts, added.statusCounts),
          leadCount: before.leadCount + added.leadCount,
          problems: [...before.problems, ...added.problems].slice(0, ACTIVITY_GROUP_LIST_MAX),
          leadIds: [...new Set([...before.leadIds, ...added.leadIds])].slice(0, ACTIVITY_GROUP_LIST_MAX),
        };
  kept.delete(key);
  kept.set(key, sums);
  if (kept.size > SUMS_KEPT) kept.delete(kept.keys().next().value!);
  return sums;
}

function addCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const total = { ...a };
  for (const [status, n] of Object.entries(b)) total[status] = (total[status] ?? 0) + n;
  return total;
}

/** The sums over the job's matching entries with `sinceId < id <= throughId`. */
async function sumRange(
  consoleDb: ConsoleDb,
  where: Where,
  jobId: string,
  sinceId: number,
  throughId: number,
): Promise<Sums> {
  const db = executor(consoleDb);
  const range = [
    ...where.conditions,
    sql`audit.import_job_id = ${jobId}`,
    sql`audit.id > ${sinceId}`,
    sql`audit.id <= ${throughId}`,
  ];
  const leads = jsonElements(consoleDb, sql.ref('audit.leads'), 'lead');
  const status = elementField('lead', 'status');
  // Rows written (created, updated, or one of the two) need no story; the ones skipped or failed do (the job's
  // results list every row).
  const { rows: problems } = await sql<{ lead: string }>`
    SELECT ${elementJson(consoleDb, 'lead')} AS lead FROM audit, ${leads}
    ${whereSql([...range, sql`${status} NOT IN ('created', 'updated', 'written')`])}
    ORDER BY audit.id, lead.key LIMIT ${ACTIVITY_GROUP_LIST_MAX}`.execute(db);
  // The first ids in order; a lead met twice is listed once.
  const { rows: firstIds } = await sql<{ id: number }>`
    SELECT ${elementNumber(consoleDb, 'lead_id')} AS id
    FROM audit, ${jsonElements(consoleDb, sql.ref('audit.lead_ids'), 'lead_id')} ${whereSql(range)}
    ORDER BY audit.id, lead_id.key LIMIT ${ACTIVITY_GROUP_LIST_MAX * 2}`.execute(db);
  const { rows: counted } = await sql<{ leadCount: number }>`
    SELECT COALESCE(SUM(${jsonArrayLength(consoleDb, sql.ref('audit.lead_ids'))}), 0) AS "leadCount"
    FROM audit ${whereSql(range)}`.execute(db);
  return {
    throughId,
    statusCounts: await countStatuses(consoleDb, range),
    leadCount: Number(counted[0]?.leadCount ?? 0),
    problems: problems.map((row) => JSON.parse(row.lead) as ActivityEntry['leads'][number]),
    leadIds: [...new Set(firstIds.map((row) => Number(row.id)))].slice(0, ACTIVITY_GROUP_LIST_MAX),
  };
}

/** One job's matching entries as one item: lists capped, counts over every entry. */
async function jobItem(
  consoleDb: ConsoleDb,
  where: Where,
  filter: AuditFilter,
  jobId: string,
): Promise<ActivityEntry> {
  const visible = filter.visiblePartitions;
  const db = executor(consoleDb);
  const { rows } = await sql<GroupRow>`
    SELECT id, at, user_id, user_email, action, partitions, outcome, request_ids, summary, import_job_id
    FROM audit ${whereSql([...where.conditions, sql`audit.import_job_id = ${jobId}`])} ORDER BY id`.execute(
    db,
  );
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const { statusCounts, leadCount, problems, leadIds } = await summed(consoleDb, where, jobId, last.id);
  const jobVisible =
    first.action === 'lead.move'
      ? await moveJobVisible(consoleDb, filter, jobId)
      : await importJobVisible(consoleDb, visible, jobId);
  const outcomes = new Set(rows.map((row) => row.outcome));
  const counts = Object.entries(statusCounts)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return {
    id: first.id,
    at: first.at,
    user: { id: first.user_id, email: first.user_email },
    // 'import', or 'lead.move' for a bulk move (server/moves/).
    action: first.action,
    partitions: [...new Set(rows.flatMap((row) => JSON.parse(row.partitions) as string[]))],
    leadIds,
    // One outcome shared by every entry is the job's; any mix (rows skipped, a cancel, a failure) is partial.
    outcome: outcomes.size === 1 ? first.outcome : 'partial',
    leads: problems,
    requestIds: [...new Set(rows.flatMap((row) => JSON.parse(row.request_ids) as string[]))],
    summary:
      rows.length === 1
        ? first.summary
        : `${rows.length} entries${counts ? ` (${counts})` : ''}. First: ${first.summary}. Latest: ${last.summary}`,
    ...(rows.length === 1 ? summaryFields(first.summary) : {}),
    importJob: { id: jobId, jobVisible, entries: rows.length, lastAt: last.at, statusCounts, leadCount },
  };
}

async function importJobVisible(
  consoleDb: ConsoleDb,
  visible: AuditFilter['visiblePartitions'],
  jobId: string,
): Promise<boolean> {
  const job = await executor(consoleDb)
    .selectFrom('import_jobs')
    .select('partition_name')
    .where('id', '=', jobId)
    .executeTakeFirst();
  return job !== undefined && (visible === 'all' || visible.includes(job.partition_name));
}

/** A bulk move's page is its owner's and that of users granted every partition (server/routes/moves.ts). */
async function moveJobVisible(consoleDb: ConsoleDb, filter: AuditFilter, jobId: string): Promise<boolean> {
  const { rows } = await sql<{ user_id: number | null }>`
    SELECT user_id FROM move_jobs WHERE id = ${jobId}`.execute(executor(consoleDb));
  const job = rows[0];
  return job !== undefined && (filter.visiblePartitions === 'all' || job.user_id === filter.readerUserId);
}

// Statuses counted by text: each entry's `leads` is our own JSON.stringify, where `"status":"created"` with bare
// quotes can only be that key (quotes inside a reason are escaped). json_each over 500,000 leads took 350 ms on the
// event loop; this takes a few. Any other status is counted through json_each, over the entries that have one.
const TEXT_COUNTED = ['created', 'updated', 'written', 'skipped', 'failed', 'cancelled'] as const;

async function countStatuses(
  consoleDb: ConsoleDb,
  range: readonly RawBuilder<unknown>[],
): Promise<Record<string, number>> {
  const db = executor(consoleDb);
  const sums = TEXT_COUNTED.map((status) => {
    const pattern = `"status":"${status}"`;
    return sql`COALESCE(SUM((length(audit.leads) - length(replace(audit.leads, ${pattern}, ''))) / ${sql.lit(
      pattern.length,
    )}), 0) AS ${sql.id(status)}`;
  });
  const { rows } = await sql<Record<string, number>>`
    SELECT COALESCE(SUM(${jsonArrayLength(consoleDb, sql.ref('audit.leads'))}), 0) AS total, ${sql.join(sums)}
    FROM audit ${whereSql(range)}`.execute(db);
  const row = rows[0] ?? {};
  const counts: Record<string, number> = {};
  let known = 0;
  for (const status of TEXT_COUNTED) {
    const count = Number(row[status] ?? 0);
    known += count;
    if (count > 0) counts[status] = count;
  }
  if (known === Number(row.total ?? 0)) return counts;
  const status = elementField('lead', 'status');
  const { rows: others } = await sql<{ status: string; n: number }>`
    SELECT ${status} AS status, COUNT(*) AS n
    FROM audit, ${jsonElements(consoleDb, sql.ref('audit.leads'), 'lead')}
    ${whereSql([...range, sql`${status} NOT IN (${sql.join([...TEXT_COUNTED])})`])}
    GROUP BY ${status} ORDER BY ${status}`.execute(db);
  for (const { status: name, n } of others) counts[name] = Number(n);
  return counts;
}
