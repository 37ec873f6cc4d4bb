// Activity as people read it: an import job's entries (its start, one per chunk, its cancel or failure) are one
// item, grouped at read time because the trail itself is append-only. Rows are filtered first (visibility, the
// reader's filters) and grouped after, so an item only ever sums entries the reader may see.
import { ACTIVITY_GROUP_LIST_MAX, type ActivityEntry } from '../contract/activity';
import type { AuditFilter, AuditRow } from './audit-repo';
import { toEntry } from './audit-repo';
import { auditWhere, whereSql } from './audit-where';
import type { SqliteDb } from './database';

interface ItemKey {
  id: number;
  job: string | null;
}

type Where = ReturnType<typeof auditWhere>;

/**
 * Newest first, at most `limit` items. A job's item sits at its oldest matching entry, so later chunks never
 * move it and a cursor (`beforeId`) neither repeats nor skips it.
 */
export function queryItems(db: SqliteDb, filter: AuditFilter, limit: number): ActivityEntry[] {
  const where = auditWhere(filter);
  const before = filter.beforeId === undefined ? [] : ['audit.id < ?'];
  const beforeValues = filter.beforeId === undefined ? [] : [filter.beforeId];
  // The oldest matching entry of a job is below the cursor exactly when some matching entry of it is.
  const keys = db
    .prepare(
      `SELECT id, job FROM (
         SELECT id, NULL AS job FROM audit
         ${whereSql([...where.conditions, ...before, 'audit.import_job_id IS NULL'])}
         ORDER BY id DESC LIMIT ?)
       UNION ALL
       SELECT MIN(id) AS id, import_job_id AS job FROM audit
       ${whereSql([...where.conditions, ...before, 'audit.import_job_id IS NOT NULL'])}
       GROUP BY import_job_id
       ORDER BY id DESC LIMIT ?`,
    )
    .all(...where.values, ...beforeValues, limit, ...where.values, ...beforeValues, limit) as ItemKey[];
  const single = db.prepare('SELECT * FROM audit WHERE id = ?');
  return keys.map((key) =>
    key.job === null
      ? toEntry(single.get(key.id) as AuditRow)
      : jobItem(db, where, filter.visiblePartitions, key.job),
  );
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
const sumsByDb = new WeakMap<SqliteDb, Map<string, Sums>>();
const SUMS_KEPT = 500;

/** The job's sums over its matching entries up to `throughId`, from the last ones kept plus what came after. */
function summed(db: SqliteDb, where: Where, jobId: string, throughId: number): Sums {
  let kept = sumsByDb.get(db);
  if (!kept) sumsByDb.set(db, (kept = new Map<string, Sums>()));
  const key = JSON.stringify([jobId, where.conditions, where.values]);
  const before = kept.get(key);
  if (before?.throughId === throughId) return before;
  const sinceId = before && before.throughId < throughId ? before.throughId : 0;
  const added = sumRange(db, where, jobId, sinceId, throughId);
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
function sumRange(db: SqliteDb, where: Where, jobId: string, sinceId: number, throughId: number): Sums {
  const range = [...where.conditions, 'audit.import_job_id = ?', 'audit.id > ?', 'audit.id <= ?'];
  const conditions = whereSql(range);
  const values = [...where.values, jobId, sinceId, throughId];
  // Rows written (created, updated, or one of the two) need no story; the ones skipped or failed do (the job's
  // results list every row).
  const problems = db
    .prepare(
      `SELECT lead.value AS lead FROM audit, json_each(audit.leads) AS lead
       ${whereSql([...range, "lead.value ->> 'status' NOT IN ('created', 'updated', 'written')"])}
       ORDER BY audit.id, lead.key LIMIT ?`,
    )
    .all(...values, ACTIVITY_GROUP_LIST_MAX) as { lead: string }[];
  // The first ids in order; a lead met twice is listed once.
  const firstIds = db
    .prepare(
      `SELECT lead_id.value AS id FROM audit, json_each(audit.lead_ids) AS lead_id ${conditions}
       ORDER BY audit.id, lead_id.key LIMIT ?`,
    )
    .all(...values, ACTIVITY_GROUP_LIST_MAX * 2) as { id: number }[];
  const { leadCount } = db
    .prepare(
      `SELECT COALESCE(SUM(json_array_length(audit.lead_ids)), 0) AS leadCount FROM audit ${conditions}`,
    )
    .get(...values) as { leadCount: number };
  return {
    throughId,
    statusCounts: countStatuses(db, conditions, values),
    leadCount,
    problems: problems.map((row) => JSON.parse(row.lead) as ActivityEntry['leads'][number]),
    leadIds: [...new Set(firstIds.map((row) => row.id))].slice(0, ACTIVITY_GROUP_LIST_MAX),
  };
}

/** One job's matching entries as one item: lists capped, counts over every entry. */
function jobItem(
  db: SqliteDb,
  where: Where,
  visible: AuditFilter['visiblePartitions'],
  jobId: string,
): ActivityEntry {
  const rows = db
    .prepare(
      `SELECT id, at, user_id, user_email, action, partitions, outcome, request_ids, summary, import_job_id
       FROM audit ${whereSql([...where.conditions, 'audit.import_job_id = ?'])} ORDER BY id`,
    )
    .all(...where.values, jobId) as GroupRow[];
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const { statusCounts, leadCount, problems, leadIds } = summed(db, where, jobId, last.id);
  const job = db.prepare('SELECT partition_name FROM import_jobs WHERE id = ?').get(jobId) as
    { partition_name: string } | undefined;
  const jobVisible = job !== undefined && (visible === 'all' || visible.includes(job.partition_name));
  const outcomes = new Set(rows.map((row) => row.outcome));
  const counts = Object.entries(statusCounts)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return {
    id: first.id,
    at: first.at,
    user: { id: first.user_id, email: first.user_email },
    action: 'import',
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
    importJob: { id: jobId, jobVisible, entries: rows.length, lastAt: last.at, statusCounts, leadCount },
  };
}

// Statuses counted by text: each entry's `leads` is our own JSON.stringify, where `"status":"created"` with bare
// quotes can only be that key (quotes inside a reason are escaped). json_each over 500,000 leads took 350 ms on the
// event loop; this takes a few. Any other status is counted through json_each, over the entries that have one.
const TEXT_COUNTED = ['created', 'updated', 'written', 'skipped', 'failed', 'cancelled'] as const;

function countStatuses(
  db: SqliteDb,
  conditions: string,
  values: readonly (string | number)[],
): Record<string, number> {
  const patterns = TEXT_COUNTED.map((status) => `"status":"${status}"`);
  const sums = TEXT_COUNTED.map(
    (status) =>
      `COALESCE(SUM((length(audit.leads) - length(replace(audit.leads, ?, ''))) / ?), 0) AS "${status}"`,
  );
  const row = db
    .prepare(
      `SELECT COALESCE(SUM(json_array_length(audit.leads)), 0) AS total, ${sums.join(', ')} FROM audit ${conditions}`,
    )
    .get(...patterns.flatMap((pattern) => [pattern, pattern.length]), ...values) as Record<string, number>;
  const counts: Record<string, number> = {};
  let known = 0;
  for (const status of TEXT_COUNTED) {
    const count = row[status] ?? 0;
    known += count;
    if (count > 0) counts[status] = count;
  }
  if (known === row.total) return counts;
  const others = db
    .prepare(
      `SELECT lead.value ->> 'status' AS status, COUNT(*) AS n FROM audit, json_each(audit.leads) AS lead
       ${conditions} AND lead.value ->> 'status' NOT IN (${TEXT_COUNTED.map(() => '?').join(', ')})
       GROUP BY status ORDER BY status`,
    )
    .all(...values, ...TEXT_COUNTED) as { status: string; n: number }[];
  for (const { status, n } of others) counts[status] = n;
  return counts;
}
