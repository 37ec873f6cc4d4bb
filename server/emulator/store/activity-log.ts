// The lead activity log (docs/marketo-api-additions.md §15): "New Lead" on every create and "Change Lead Partition" on every
// real partition change, written by LeadDb itself so that any route that creates or moves a lead records it.
import type Database from 'better-sqlite3';

export type ActivityKind = 'newLead' | 'changeLeadPartition';

export interface ActivityAttribute {
  name: string;
  value: string | number;
}

export interface ActivityRow {
  id: number;
  leadId: number;
  kind: ActivityKind;
  activityDate: string;
  primaryAttributeValueId: number;
  primaryAttributeValue: string;
  attributes: ActivityAttribute[];
}

interface RawActivity {
  id: number;
  lead_id: number;
  kind: ActivityKind;
  activity_date: string;
  primary_value_id: number;
  primary_value: string;
  attributes: string;
}

export interface ActivityQuery {
  /** Only activities after this id (the paging token's position). */
  afterId: number;
  kinds: readonly ActivityKind[];
  /** Only these leads; every lead when undefined. */
  leadIds: readonly number[] | undefined;
  /** Leads now in these partitions are hidden, as Get Lead by Id hides them. */
  deniedPartitionIds: readonly number[];
  limit: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS activities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  lead_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  activity_date TEXT NOT NULL,
  primary_value_id INTEGER NOT NULL,
  primary_value TEXT NOT NULL,
  attributes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS activities_by_lead ON activities(lead_id, id);
`;

/** How Marketo says the API created or moved a lead (docs/marketo-api-additions.md §15.1). */
const API_SOURCE = 'Web service API';

const toRow = (raw: RawActivity): ActivityRow => ({
  id: raw.id,
  leadId: raw.lead_id,
  kind: raw.kind,
  activityDate: raw.activity_date,
  primaryAttributeValueId: raw.primary_value_id,
  primaryAttributeValue: raw.primary_value,
  attributes: JSON.parse(raw.attributes) as ActivityAttribute[],
});

export class ActivityLog {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  /** Empties the log (inside LeadDb's reset transaction, before the seed's leads are recorded again). */
  clear(): void {
    this.db.exec("DELETE FROM activities; DELETE FROM sqlite_sequence WHERE name = 'activities';");
  }

  newLead(leadId: number, at: string): void {
    this.add(leadId, 'newLead', at, leadId, String(leadId), [{ name: 'Source Type', value: API_SOURCE }]);
  }

  partitionChanged(
    leadId: number,
    from: { id: number; name: string },
    to: { id: number; name: string },
    at: string,
  ): void {
    this.add(leadId, 'changeLeadPartition', at, to.id, to.name, [
      { name: 'Old Partition ID', value: from.id },
      { name: 'Old Partition Name', value: from.name },
      { name: 'New Partition Name', value: to.name },
      { name: 'Source Type', value: API_SOURCE },
    ]);
  }

  /** The id of the last activity dated before `since` (0 when none): a paging token's starting point. */
  lastIdBefore(since: string): number {
    const row = this.db
      .prepare('SELECT COALESCE(MAX(id), 0) AS id FROM activities WHERE activity_date < ?')
      .get(since) as { id: number };
    return row.id;
  }

  lastId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM activities').get() as { id: number }).id;
  }

  /** At most `limit` matching activities after `afterId`, oldest first. */
  page(query: ActivityQuery): ActivityRow[] {
    if (query.kinds.length === 0 || query.leadIds?.length === 0) return [];
    const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');
    const conditions = ['a.id > ?', `a.kind IN (${marks(query.kinds.length)})`];
    const values: (string | number)[] = [query.afterId, ...query.kinds];
    if (query.leadIds) {
      conditions.push(`a.lead_id IN (${marks(query.leadIds.length)})`);
      values.push(...query.leadIds);
    }
    if (query.deniedPartitionIds.length > 0) {
      conditions.push(
        `NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = a.lead_id
                     AND l.partition_id IN (${marks(query.deniedPartitionIds.length)}))`,
      );
      values.push(...query.deniedPartitionIds);
    }
    const sql = `SELECT a.* FROM activities a WHERE ${conditions.join(' AND ')} ORDER BY a.id LIMIT ?`;
    return (this.db.prepare(sql).all(...values, query.limit) as RawActivity[]).map(toRow);
  }

  private add(
    leadId: number,
    kind: ActivityKind,
    at: string,
    primaryValueId: number,
    primaryValue: string,
    attributes: ActivityAttribute[],
  ): void {
    this.db
      .prepare(
        `INSERT INTO activities (lead_id, kind, activity_date, primary_value_id, primary_value, attributes)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(leadId, kind, at, primaryValueId, primaryValue, JSON.stringify(attributes));
  }
}
