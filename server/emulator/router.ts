// The REST route table: Marketo's real paths (all ending in `.json`) → handlers per HTTP method.
import type { RestHandler } from './rest-request';
import { listPartitions, updateLeadPartitions } from './routes/partitions';

interface RouteDef {
  pattern: RegExp;
  methods: Partial<Record<string, RestHandler>>;
}

const routes: readonly RouteDef[] = [
  {
    pattern: /^\/rest\/v1\/leads\/partitions\.json$/,
    methods: { GET: listPartitions, POST: updateLeadPartitions },
  },
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
