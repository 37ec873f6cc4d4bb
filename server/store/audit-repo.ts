// The audit trail: append-only by construction. Its one UPDATE completes an entry begun 'pending' before a
// Marketo write, once; the database's triggers refuse every other UPDATE and every DELETE (the
// audit_only_completes migration in server/store/database.ts). Routes see only the `AuditRepo` interface.
import { AuditUnavailableError } from '../audit/audit-unavailable';
import type { ActivityAction, ActivityEntry } from '../contract/activity';
import { queryItems } from './audit-items';
import { auditWhere, whereSql } from './audit-where';
import type { SqliteDb } from './database';
import { isStorageFailure } from './storage-failure';

export type NewAuditEntry = Omit<ActivityEntry, 'id' | 'at' | 'importJob'> & {
  at?: string;
  /** The import job the entry belongs to: Activity groups a job's entries into one item. */
  importJobId?: string;
};

/** What completing a begun entry sets: its final outcome, and whatever became known once Marketo answered. */
export interface AuditCompletion {
  outcome: Exclude<ActivityEntry['outcome'], 'pending'>;
  partitions?: string[];
  leadIds?: number[];
  leads?: ActivityEntry['leads'];
  requestIds?: string[];
  summary?: string;
}

/** Which entries a reader may see, and which ones they asked for. */
export interface AuditFilter {
  /** `all`, or the partition names the reader is granted: entries must lie wholly within them. */
  visiblePartitions: 'all' | readonly string[];
  /** Entries without partitions (sign-ins, user changes) are visible to a restricted reader only if theirs. */
  readerUserId: number;
  user?: string | undefined;
  partition?: string | undefined;
  action?: ActivityAction | undefined;
  /** Epoch milliseconds, inclusive. */
  fromMs?: number | undefined;
  toMs?: number | undefined;
  /** Only entries with an id below this one (paging, newest first). */
  beforeId?: number | undefined;
}

export interface AuditRepo {
  /** Records a finished event. Throws AuditUnavailableError when it cannot be written (disk full, read-only). */
  append(entry: NewAuditEntry): number;
  /** Records `entry` as started (outcome 'pending') before a Marketo write. Throws AuditUnavailableError when
   *  it cannot be written (disk full, read-only, locked): the caller must then send nothing. */
  begin(entry: Omit<NewAuditEntry, 'outcome'>): number;
  /** Completes a started entry, once: outcome, partitions, leadIds, leads, requestIds, summary may change.
   *  Throws if `id` is not a pending entry. If the database fails now, the storage error is thrown and the
   *  entry stays 'pending' (visible as such): the write did happen, so log it and still answer the client. */
  complete(id: number, completion: AuditCompletion): void;
  /** Newest first, at most `limit`. */
  query(filter: AuditFilter, limit: number): ActivityEntry[];
  /**
   * As `query`, but an import job's entries read as one item (its oldest entry's id and place); `beforeId`
   * pages by item id.
   */
  items(filter: AuditFilter, limit: number): ActivityEntry[];
}

export interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  user_email: string;
  action: ActivityAction;
  partitions: string;
  lead_ids: string;
  outcome: ActivityEntry['outcome'];
  leads: string;
  request_ids: string;
  summary: string;
  import_job_id: string | null;
}

export function toEntry(row: AuditRow): ActivityEntry {
  return {
    id: row.id,
    at: row.at,
    user: { id: row.user_id, email: row.user_email },
    action: row.action,
    partitions: JSON.parse(row.partitions) as string[],
    leadIds: JSON.parse(row.lead_ids) as number[],
    outcome: row.outcome,
    leads: JSON.parse(row.leads) as ActivityEntry['leads'],
    requestIds: JSON.parse(row.request_ids) as string[],
    summary: row.summary,
  };
}

export class SqliteAuditRepo implements AuditRepo {
  constructor(
    private readonly db: SqliteDb,
    private readonly now: () => number = Date.now,
  ) {}

  append(entry: NewAuditEntry): number {
    try {
      return this.insert(entry);
    } catch (error) {
      throw isStorageFailure(error) ? new AuditUnavailableError(error) : error;
    }
  }

  begin(entry: Omit<NewAuditEntry, 'outcome'>): number {
    return this.append({ ...entry, outcome: 'pending' });
  }

  complete(id: number, completion: AuditCompletion): void {
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    const result = this.db
      .prepare(
        `UPDATE audit SET outcome = ?, partitions = coalesce(?, partitions), lead_ids = coalesce(?, lead_ids),
                          leads = coalesce(?, leads), request_ids = coalesce(?, request_ids),
                          summary = coalesce(?, summary)
         WHERE id = ? AND outcome = 'pending'`,
      )
      .run(
        completion.outcome,
        json(completion.partitions),
        json(completion.leadIds),
        json(completion.leads),
        json(completion.requestIds),
        completion.summary ?? null,
        id,
      );
    if (result.changes !== 1) throw new Error(`audit entry ${id} is not a pending entry`);
  }

  private insert(entry: NewAuditEntry): number {
    const at = entry.at ?? new Date(this.now()).toISOString();
    const result = this.db
      .prepare(
        `INSERT INTO audit (at, at_ms, user_id, user_email, action, partitions, lead_ids, outcome, leads,
                            request_ids, summary, import_job_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        at,
        Date.parse(at),
        entry.user.id,
        entry.user.email,
        entry.action,
        JSON.stringify(entry.partitions),
        JSON.stringify(entry.leadIds),
        entry.outcome,
        JSON.stringify(entry.leads),
        JSON.stringify(entry.requestIds),
        entry.summary,
        entry.importJobId ?? null,
      );
    return Number(result.lastInsertRowid);
  }

  query(filter: AuditFilter, limit: number): ActivityEntry[] {
    const { conditions: where, values } = auditWhere(filter);
    if (filter.beforeId !== undefined) {
      where.push('id < ?');
      values.push(filter.beforeId);
    }
    const sql = `SELECT * FROM audit ${whereSql(where)} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...values, limit) as AuditRow[]).map(toEntry);
  }

  items(filter: AuditFilter, limit: number): ActivityEntry[] {
    return queryItems(this.db, filter, limit);
  }
}
