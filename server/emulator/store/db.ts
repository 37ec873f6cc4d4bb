// The lead database: partitions and leads in SQLite, so a file-backed emulator keeps its leads across restarts.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { preparePrivateFile, tightenDatabaseFiles } from '../../store/private-files';
import { sqliteBinding } from '../../store/sqlite-binding';
import type { LookupMatch } from '../config';
import { ActivityLog } from './activity-log';
import { SEED_LEADS, SEED_PARTITIONS } from './seed';

export type LeadValue = string | number | boolean | null;
export type LeadFields = Record<string, LeadValue>;

export interface Partition {
  id: number;
  name: string;
  description: string;
}

export interface LeadRow {
  id: number;
  partitionId: number;
  fields: LeadFields;
  createdAt: string;
  updatedAt: string;
}

interface RawLead {
  id: number;
  partition_id: number;
  fields: string;
  created_at: string;
  updated_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS partitions (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS leads (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  partition_id INTEGER NOT NULL REFERENCES partitions(id),
  fields TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;

function toRow(raw: RawLead): LeadRow {
  return {
    id: raw.id,
    partitionId: raw.partition_id,
    fields: JSON.parse(raw.fields) as LeadFields,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  };
}

/** The JSON path of a field inside `fields` (quotes dropped: field names never contain one). */
function fieldPath(field: string): string {
  return `json_extract(fields, '$."${field.replace(/"/g, '')}"')`;
}

const LOOSE_FUNCTION = 'loose_text';

/** Text as a case-insensitive, trailing-space-insensitive Unicode collation compares it. */
export function looseText(text: string): string {
  return text.normalize('NFKC').toUpperCase().toLowerCase().replace(/ +$/, '');
}

export class LeadDb {
  private readonly db: Database.Database;
  /** Prepared statements by SQL text: lookups run once per synced record. */
  private readonly statements = new Map<string, Database.Statement>();
  /** "New Lead" and "Change Lead Partition", recorded here so every route that creates or moves a lead logs it. */
  readonly activities: ActivityLog;

  constructor(file: string) {
    // Private like the console's own database: the leads in it are personal data.
    if (file !== ':memory:') preparePrivateFile(file);
    this.db = new Database(file, sqliteBinding());
    if (file !== ':memory:') {
      this.db.pragma('journal_mode = WAL');
      tightenDatabaseFiles(file);
    }
    this.db.function(LOOSE_FUNCTION, { deterministic: true }, (value: unknown) =>
      typeof value === 'string' ? looseText(value) : value,
    );
    this.db.exec(SCHEMA);
    this.activities = new ActivityLog(this.db);
    const empty = this.db.prepare('SELECT COUNT(*) AS n FROM partitions').get() as { n: number };
    if (empty.n === 0) this.reset();
  }

  /** Runs `fn` atomically: a sync batch either fully applies or not at all. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  reset(): void {
    this.transaction(() => {
      this.db.exec(
        "DELETE FROM leads; DELETE FROM partitions; DELETE FROM sqlite_sequence WHERE name = 'leads';",
      );
      const addPartition = this.db.prepare('INSERT INTO partitions (id, name, description) VALUES (?, ?, ?)');
      for (const p of SEED_PARTITIONS) addPartition.run(p.id, p.name, p.description);
      const addLead = this.db.prepare(
        'INSERT INTO leads (id, partition_id, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
      );
      for (const l of SEED_LEADS)
        addLead.run(l.id, l.partitionId, JSON.stringify(l.fields), l.createdAt, l.updatedAt);
      this.activities.clear();
      for (const l of SEED_LEADS) this.activities.newLead(l.id, l.createdAt);
    });
  }

  partitions(): Partition[] {
    return this.db.prepare('SELECT id, name, description FROM partitions ORDER BY id').all() as Partition[];
  }

  lead(id: number): LeadRow | undefined {
    const raw = this.db.prepare('SELECT * FROM leads WHERE id = ?').get(id) as RawLead | undefined;
    return raw ? toRow(raw) : undefined;
  }

  allLeads(): LeadRow[] {
    return (this.db.prepare('SELECT * FROM leads ORDER BY id').all() as RawLead[]).map(toRow);
  }

  /**
   * Leads whose `field` equals one of `values`, ordered by id. Text compares by `match`: `exact` (emails ignore
   * case) or `loose` (case, compatibility forms and trailing spaces ignored, see `looseText`).
   */
  findBy(
    field: string,
    values: readonly (string | number)[],
    caseInsensitive: boolean,
    match: LookupMatch = 'exact',
  ): LeadRow[] {
    if (values.length === 0) return [];
    const marks = values.map(() => '?').join(',');
    let sql: string;
    let params = values;
    if (field === 'id') sql = `SELECT * FROM leads WHERE id IN (${marks})`;
    else if (field === 'leadPartitionId') sql = `SELECT * FROM leads WHERE partition_id IN (${marks})`;
    else if (match === 'loose') {
      const expression = `${LOOSE_FUNCTION}(${fieldPath(field)})`;
      this.index(expression);
      sql = `SELECT * FROM leads WHERE ${expression} IN (${marks})`;
      params = values.map((value) => (typeof value === 'string' ? looseText(value) : value));
    } else {
      const expression = caseInsensitive ? `lower(${fieldPath(field)})` : fieldPath(field);
      this.index(expression);
      sql = caseInsensitive
        ? `SELECT * FROM leads WHERE ${expression} IN (${values.map(() => 'lower(?)').join(',')})`
        : `SELECT * FROM leads WHERE ${expression} IN (${marks})`;
    }
    return (this.statement(`${sql} ORDER BY id`).all(...params) as RawLead[]).map(toRow);
  }

  insert(partitionId: number, fields: LeadFields, now: string): number {
    const result = this.statement(
      'INSERT INTO leads (partition_id, fields, created_at, updated_at) VALUES (?, ?, ?, ?)',
    ).run(partitionId, JSON.stringify(fields), now, now);
    const id = Number(result.lastInsertRowid);
    this.activities.newLead(id, now);
    return id;
  }

  update(id: number, fields: LeadFields, now: string): void {
    this.statement('UPDATE leads SET fields = ?, updated_at = ? WHERE id = ?').run(
      JSON.stringify(fields),
      now,
      id,
    );
  }

  setPartition(id: number, partitionId: number, now: string): void {
    const before = this.lead(id);
    this.db
      .prepare('UPDATE leads SET partition_id = ?, updated_at = ? WHERE id = ?')
      .run(partitionId, now, id);
    // A move to the partition the lead is already in changes nothing, so nothing is logged.
    if (!before || before.partitionId === partitionId) return;
    const partitions = this.partitions();
    const named = (pid: number) => ({ id: pid, name: partitions.find((p) => p.id === pid)?.name ?? '' });
    this.activities.partitionChanged(id, named(before.partitionId), named(partitionId), now);
  }

  delete(id: number): void {
    this.db.prepare('DELETE FROM leads WHERE id = ?').run(id);
  }

  close(): void {
    this.db.close();
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  // Without an index every lookup reads every lead, so a sync of 300 records into a table of n leads costs
  // 300·n: an import of 10,000 rows spent 20 s here. The index changes the speed only, never an answer. Asked
  // for on every lookup (about a microsecond once it exists) because a sync's transaction may roll it back.
  private index(expression: string): void {
    const name = `leads_by_${createHash('sha256').update(expression).digest('hex').slice(0, 16)}`;
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${name} ON leads(${expression})`);
  }
}
