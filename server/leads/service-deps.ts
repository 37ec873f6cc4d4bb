import type { FastifyBaseLogger } from 'fastify';
import type { Catalog } from '../app-deps';
import type { MarketoApi } from '../marketo/types';
import type { AuditRepo } from '../store/audit-repo';

/** What the lead services need: Marketo, the cached catalogue, the audit trail, and a log for what can't throw. */
export interface LeadServiceDeps {
  marketo: MarketoApi;
  catalog: Catalog;
  audit: AuditRepo;
  log: FastifyBaseLogger;
}
