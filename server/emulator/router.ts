// The REST route table: Marketo's real paths (all ending in `.json`) → handlers per HTTP method.
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
];

export type RouteMatch =
  | { kind: 'found'; handler: RestHandler; params: Record<string, string> }
  | { kind: 'wrong-method' }
  | { kind: 'not-found' };

export function matchRoute(method: string, path: string): RouteMatch {
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    const handler = route.methods[method];
    if (!handler) return { kind: 'wrong-method' };
    return { kind: 'found', handler, params: { ...m.groups } };
  }
  return { kind: 'not-found' };
}
