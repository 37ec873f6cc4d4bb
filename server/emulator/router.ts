// The REST route table: Marketo's real paths (all ending in `.json`) → handlers per HTTP method.
import { cancelExport, createExport, enqueueExport, exportFile, exportStatus } from './bulk/export-routes';
import { listExports } from './bulk/export-list';
import { importFailures, importLeads, importStatus, importWarnings } from './bulk/import-routes';
import type { EmulatorConfig } from './config';
import type { RestHandler } from './rest-request';
import { activitiesPagingToken, leadActivities, listActivityTypes } from './routes/activities';
import { deleteLeads } from './routes/delete-leads';
import { describeLeads, describeLeads2 } from './routes/describe';
import { leadById } from './routes/lead-by-id';
import { leadsByFilter } from './routes/leads-by-filter';
import { listPartitions, updateLeadPartitions } from './routes/partitions';
import { syncLeads } from './routes/sync-leads';
import { dailyUsage } from './routes/usage';

interface RouteDef {
  pattern: RegExp;
  methods: Partial<Record<string, RestHandler>>;
  /** A body the handler streams itself, with its own size limit (Bulk Import's file, up to 10 MB). */
  streamedBody?: { maxBytes(config: EmulatorConfig): number };
}

const routes: readonly RouteDef[] = [
  { pattern: /^\/rest\/v1\/leads\.json$/, methods: { GET: leadsByFilter, POST: syncLeads } },
  { pattern: /^\/rest\/v1\/lead\/(?<leadId>[^/]+)\.json$/, methods: { GET: leadById } },
  {
    pattern: /^\/rest\/v1\/leads\/partitions\.json$/,
    methods: { GET: listPartitions, POST: updateLeadPartitions },
  },
  { pattern: /^\/rest\/v1\/leads\/delete\.json$/, methods: { POST: deleteLeads } },
  { pattern: /^\/rest\/v1\/leads\/describe\.json$/, methods: { GET: describeLeads } },
  { pattern: /^\/rest\/v1\/leads\/describe2\.json$/, methods: { GET: describeLeads2 } },
  { pattern: /^\/rest\/v1\/stats\/usage\.json$/, methods: { GET: dailyUsage } },
  { pattern: /^\/rest\/v1\/activities\/types\.json$/, methods: { GET: listActivityTypes } },
  { pattern: /^\/rest\/v1\/activities\/pagingtoken\.json$/, methods: { GET: activitiesPagingToken } },
  { pattern: /^\/rest\/v1\/activities\.json$/, methods: { GET: leadActivities } },
  {
    pattern: /^\/bulk\/v1\/leads\.json$/,
    methods: { POST: importLeads },
    streamedBody: { maxBytes: (config) => config.bulkImportMaxBytes },
  },
  { pattern: /^\/bulk\/v1\/leads\/batch\/(?<batchId>[^/]+)\.json$/, methods: { GET: importStatus } },
  {
    pattern: /^\/bulk\/v1\/leads\/batch\/(?<batchId>[^/]+)\/failures\.json$/,
    methods: { GET: importFailures },
  },
  {
    pattern: /^\/bulk\/v1\/leads\/batch\/(?<batchId>[^/]+)\/warnings\.json$/,
    methods: { GET: importWarnings },
  },
  { pattern: /^\/bulk\/v1\/leads\/export\.json$/, methods: { GET: listExports } },
  { pattern: /^\/bulk\/v1\/leads\/export\/create\.json$/, methods: { POST: createExport } },
  {
    pattern: /^\/bulk\/v1\/leads\/export\/(?<exportId>[^/]+)\/enqueue\.json$/,
    methods: { POST: enqueueExport },
  },
  {
    pattern: /^\/bulk\/v1\/leads\/export\/(?<exportId>[^/]+)\/status\.json$/,
    methods: { GET: exportStatus },
  },
  {
    pattern: /^\/bulk\/v1\/leads\/export\/(?<exportId>[^/]+)\/cancel\.json$/,
    methods: { POST: cancelExport },
  },
  {
    pattern: /^\/bulk\/v1\/leads\/export\/(?<exportId>[^/]+)\/file\.json$/,
    methods: { GET: exportFile },
  },
];

export type RouteMatch =
  | {
      kind: 'found';
      handler: RestHandler;
      params: Record<string, string>;
      streamedBody?: RouteDef['streamedBody'];
    }
  | { kind: 'wrong-method' }
  | { kind: 'not-found' };

export function matchRoute(method: string, path: string): RouteMatch {
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    const handler = route.methods[method];
    if (!handler) return { kind: 'wrong-method' };
    return { kind: 'found', handler, params: { ...m.groups }, streamedBody: route.streamedBody };
  }
  return { kind: 'not-found' };
}

/** The largest body a call to `path` may declare: 1 MB, or the streamed limit of its route. */
export function maxBodyBytes(path: string, config: EmulatorConfig, standard: number): number {
  const route = routes.find((r) => r.pattern.test(path));
  return route?.streamedBody?.maxBytes(config) ?? standard;
}
