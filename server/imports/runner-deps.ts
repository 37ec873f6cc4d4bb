// What the import runner (runner.ts) is given: where jobs live, the Marketo client and catalogue, users and the
// audit trail, a log, and the knobs tests turn.
import type { FastifyBaseLogger } from 'fastify';
import type { Catalog } from '../app-deps';
import type { AccessDeps } from '../auth/access-deps';
import type { BulkImportApi } from '../marketo/bulk-import';
import type { MarketoApi } from '../marketo/types';
import type { Backoff } from './runner-failures';
import type { ConsoleDb } from '../store/kysely';

export interface ImportRunnerDeps {
  db: ConsoleDb;
  marketo: MarketoApi;
  catalog: Catalog;
  access: AccessDeps;
  logger: FastifyBaseLogger;
  /** The clock for stored times and pauses (tests move it). */
  now?: () => number;
  /** Calls of the rolling window a chunk leaves free for interactive use (IMPORT_RESERVED_CALLS, default 10). */
  reservedCalls?: number;
  /** The pause after Marketo refuses or does not answer: first step and ceiling (default 30 s doubling to 5 min). */
  backoff?: { firstMs: number; maxMs: number };
  /** Who this replica's chunk leases name (its heartbeat id, server/replicas/heartbeat.ts); random by default. */
  replicaId?: string;
  /** How long a claimed chunk stays this replica's without a renewal (IMPORT_LEASE_SECONDS, default 30 s). */
  leaseMs?: number;
  /** Marketo's Bulk Lead Import; without it, jobs of the bulk path are sent in chunks like the others. */
  bulkImport?: BulkImportApi;
  /**
   * Floor and ceiling of the wait before a status call for a bulk batch (default 2 s and 60 s; in between, when its
   * job's pace says it is done, bulk/poll-plan.ts); the ceiling is also the wait after 1016.
   */
  bulkPoll?: Backoff;
  /** Largest bulk file in bytes (default just under Marketo's 10 MB). */
  bulkMaxFileBytes?: number;
  /** How long a bulk file whose upload answer was lost is held before its rows are read back (default 1 hour). */
  bulkLostGraceMs?: number;
}
