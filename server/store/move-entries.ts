// A single move's Activity entry as its undo reads it (server/moves/undo-entry.ts): straight from the audit table,
// with the bulk-move job it belongs to, if any, so a chunk of a bulk move is never undone on its own.
import { sql } from 'kysely';
import type { ActivityEntry } from '../contract/activity';
import type { ConsoleDb } from './kysely';
import { executor } from './transaction';

export interface MoveEntry {
  id: number;
  atMs: number;
  userId: number | null;
  action: string;
  importJobId: string | null;
  outcome: ActivityEntry['outcome'];
  partitions: string[];
  leads: ActivityEntry['leads'];
}

interface EntryRow {
  id: number;
  at_ms: number;
  user_id: number | null;
  action: string;
  import_job_id: string | null;
  outcome: ActivityEntry['outcome'];
  partitions: string;
  leads: string;
}

export async function moveEntry(consoleDb: ConsoleDb, id: number): Promise<MoveEntry | undefined> {
  const { rows } =
    await sql<EntryRow>`SELECT id, at_ms, user_id, action, import_job_id, outcome, partitions, leads
    FROM audit WHERE id = ${id}`.execute(executor(consoleDb));
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: Number(row.id),
    atMs: Number(row.at_ms),
    userId: row.user_id === null ? null : Number(row.user_id),
    action: row.action,
    importJobId: row.import_job_id,
    outcome: row.outcome,
    partitions: JSON.parse(row.partitions) as string[],
    leads: JSON.parse(row.leads) as ActivityEntry['leads'],
  };
}
