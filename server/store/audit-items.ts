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
    key.job === null ? toEntry(single.get(key.id) as AuditRow) : jobItem(db, where, key.job),
  );
}

type GroupRow = Omit<AuditRow, 'lead_ids' | 'leads'>;

/** One job's matching entries as one item: lists capped, counts over every entry. */
function jobItem(db: SqliteDb, where: Where, jobId: string): ActivityEntry {
  const conditions = whereSql([...where.conditions, 'audit.import_job_id = ?']);
  const values = [...where.values, jobId];
  const rows = db
    .prepare(
      `SELECT id, at, user_id, user_email, action, partitions, outcome, request_ids, summary, import_job_id
       FROM audit ${conditions} ORDER BY id`,
    )
    .all(...values) as GroupRow[];
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const statusCounts = Object.fromEntries(
    (
      db
        .prepare(
          `SELECT json_extract(lead.value, '$.status') AS status, COUNT(*) AS n
           FROM audit, json_each(audit.leads) AS lead ${conditions} GROUP BY status ORDER BY status`,
        )
        .all(...values) as { status: string; n: number }[]
    ).map(({ status, n }) => [status, n]),
  );
  // Rows written need no story; the ones skipped or failed do (the job's results list every row).
  const problems = db
    .prepare(
      `SELECT lead.value AS lead FROM audit, json_each(audit.leads) AS lead
       ${whereSql([...where.conditions, 'audit.import_job_id = ?', "json_extract(lead.value, '$.status') NOT IN ('created', 'updated')"])}
       ORDER BY audit.id, lead.key LIMIT ?`,
    )
    .all(...values, ACTIVITY_GROUP_LIST_MAX) as { lead: string }[];
  const leadIds = db
    .prepare(
      `SELECT lead_id.value AS id FROM audit, json_each(audit.lead_ids) AS lead_id ${conditions}
       GROUP BY lead_id.value ORDER BY MIN(audit.id) LIMIT ?`,
    )
    .all(...values, ACTIVITY_GROUP_LIST_MAX) as { id: number }[];
  const { leadCount } = db
    .prepare(
      `SELECT COUNT(DISTINCT lead_id.value) AS leadCount
       FROM audit, json_each(audit.lead_ids) AS lead_id ${conditions}`,
    )
    .get(...values) as { leadCount: number };
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
    leadIds: leadIds.map((row) => row.id),
    // One outcome shared by every entry is the job's; any mix (rows skipped, a cancel, a failure) is partial.
    outcome: outcomes.size === 1 ? first.outcome : 'partial',
    leads: problems.map((row) => JSON.parse(row.lead) as ActivityEntry['leads'][number]),
    requestIds: [...new Set(rows.flatMap((row) => JSON.parse(row.request_ids) as string[]))],
    summary:
      rows.length === 1
        ? first.summary
        : `${rows.length} entries${counts ? ` (${counts})` : ''}. First: ${first.summary}. Latest: ${last.summary}`,
    importJob: {
      id: jobId,
      entries: rows.length,
      lastAt: last.at,
      statusCounts,
      leadCount,
    },
  };
}
