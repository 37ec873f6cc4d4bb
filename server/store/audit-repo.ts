// The audit trail: append-only by construction. Its one UPDATE completes an entry begun 'pending' before a
// Marketo write, once; the database's triggers refuse every other UPDATE and every DELETE (the
// audit_pending_write_check migration in server/store/migrations.ts). Routes see only the `AuditRepo` interface.
import { sql } from 'kysely';
import { AuditUnavailableError } from '../audit/audit-unavailable';
import type { ActivityAction, ActivityEntry } from '../contract/activity';
import { queryItems } from './audit-items';
import { auditWhere, whereSql } from './audit-where';
import type { ConsoleDb } from './kysely';
import { isStorageFailure } from './storage-failure';
import { executor } from './transaction';
import { summaryFields } from '../audit/summary-codes';

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
  append(entry: NewAuditEntry): Promise<number>;
  /** Records `entry` as started (outcome 'pending') before a Marketo write. Throws AuditUnavailableError when
   *  it cannot be written (disk full, read-only, locked): the caller must then send nothing. */
  begin(entry: Omit<NewAuditEntry, 'outcome'>): Promise<number>;
  /** Completes a started entry, once: outcome, partitions, leadIds, leads, requestIds, summary may change.
   *  Throws if `id` is not a pending entry. If the database fails now, the storage error is thrown and the
   *  entry stays 'pending' (visible as such): the write did happen, so log it and still answer the client. */
  complete(id: number, completion: AuditCompletion): Promise<void>;
  /** Newest first, at most `limit`. */
  query(filter: AuditFilter, limit: number): Promise<ActivityEntry[]>;
  /**
   * As `query`, but an import job's entries read as one item (its oldest entry's id and place); `beforeId`
   * pages by item id.
   */
  items(filter: AuditFilter, limit: number): Promise<ActivityEntry[]>;
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
    ...summaryFields(row.summary),
  };
}

export class ConsoleAuditRepo implements AuditRepo {
  constructor(
    private readonly consoleDb: ConsoleDb,
    private readonly now: () => number = Date.now,
  ) {}

  private get db() {
    return executor(this.consoleDb);
  }

  async append(entry: NewAuditEntry): Promise<number> {
    try {
      return await this.insert(entry);
    } catch (error) {
      throw isStorageFailure(error) ? new AuditUnavailableError(error) : error;
    }
  }

  begin(entry: Omit<NewAuditEntry, 'outcome'>): Promise<number> {
    return this.append({ ...entry, outcome: 'pending' });
  }

  async complete(id: number, completion: AuditCompletion): Promise<void> {
    const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value));
    // Kysely leaves out the fields that are undefined: what completion does not say keeps its begun value.
    const result = await this.db
      .updateTable('audit')
      .set({
        outcome: completion.outcome,
        partitions: json(completion.partitions),
        lead_ids: json(completion.leadIds),
        leads: json(completion.leads),
        request_ids: json(completion.requestIds),
        summary: completion.summary,
      })
      .where('id', '=', id)
      .where('outcome', '=', 'pending')
      .executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw new Error(`audit entry ${id} is not a pending entry`);
  }

  private async insert(entry: NewAuditEntry): Promise<number> {
    const at = entry.at ?? new Date(this.now()).toISOString();
    const row = await this.db
      .insertInto('audit')
      .values({
        at,
        at_ms: Date.parse(at),
        user_id: entry.user.id,
        user_email: entry.user.email,
        action: entry.action,
        partitions: JSON.stringify(entry.partitions),
        lead_ids: JSON.stringify(entry.leadIds),
        outcome: entry.outcome,
        leads: JSON.stringify(entry.leads),
        request_ids: JSON.stringify(entry.requestIds),
        summary: entry.summary,
        import_job_id: entry.importJobId ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async query(filter: AuditFilter, limit: number): Promise<ActivityEntry[]> {
    const { conditions } = auditWhere(this.consoleDb, filter);
    if (filter.beforeId !== undefined) conditions.push(sql`id < ${filter.beforeId}`);
    const { rows } = await sql<AuditRow>`SELECT * FROM audit ${whereSql(conditions)}
                                         ORDER BY id DESC LIMIT ${limit}`.execute(this.db);
    return rows.map(toEntry);
  }

  items(filter: AuditFilter, limit: number): Promise<ActivityEntry[]> {
    return queryItems(this.consoleDb, filter, limit);
  }
}
