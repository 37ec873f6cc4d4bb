// `GET /api/activity` (newest first, cursor paging) and `GET /api/activity.csv` (every match, capped). Readers,
// admins included, see entries lying wholly within their partitions, and their own sign-ins. An import job's
// entries read as one item in both (server/store/audit-items.ts); the cursor and the CSV cap count items.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ActivityPageSchema, ActivityQuerySchema } from '../contract/activity';
import { badRequest } from '../http/api-error';
import { grantedPartitions, seesAllPartitions } from '../auth/access';
import { currentUser } from '../auth/request-auth';
import { csvHeader, csvRow } from '../audit/csv';
import type { AuditFilter } from '../store/audit-repo';
import { errorResponses, type RouteOptions } from './route-options';

const DEFAULT_PAGE = 50;
/** Most rows one CSV export carries. */
export const MAX_CSV_ROWS = 50_000;
const CSV_CHUNK = 1_000;

function encodeCursor(id: number): string {
  return Buffer.from(`a${id}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = /^a([0-9]{1,15})$/.exec(text);
  if (!match)
    throw badRequest('The cursor is not valid.', [
      { path: 'cursor', message: 'Start again from the first page' },
    ]);
  return Number(match[1]);
}

type Query = z.output<typeof ActivityQuerySchema>;

export const activityRoutes: FastifyPluginCallbackZod<RouteOptions> = (app, { access, catalog }, done) => {
  const filterFor = async (request: FastifyRequest, query: Query): Promise<AuditFilter> => {
    const user = currentUser(request);
    // Grants bind admins too: an admin granted Mexico only reads Mexico's entries only.
    const visiblePartitions = seesAllPartitions(user)
      ? 'all'
      : grantedPartitions(user, await catalog.partitions()).map((p) => p.name);
    return {
      visiblePartitions,
      readerUserId: user.id,
      user: query.user,
      partition: query.partition,
      action: query.action,
      fromMs: query.from === undefined ? undefined : Date.parse(query.from),
      toMs: query.to === undefined ? undefined : Date.parse(query.to),
      beforeId: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
    };
  };

  app.get(
    '/api/activity',
    {
      schema: {
        summary: 'The audit trail, newest first, filtered to what the reader may see',
        querystring: ActivityQuerySchema,
        response: { 200: ActivityPageSchema, ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? DEFAULT_PAGE;
      const rows = await access.audit.items(await filterFor(request, request.query), limit + 1);
      const entries = rows.slice(0, limit);
      const last = entries[entries.length - 1];
      return { entries, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
    },
  );

  app.get(
    '/api/activity.csv',
    {
      schema: {
        summary: `The same entries as CSV (all matches, at most ${MAX_CSV_ROWS})`,
        querystring: ActivityQuerySchema,
        response: { 200: z.string().describe('text/csv'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const filter = await filterFor(request, request.query);
      let text = csvHeader();
      let rows = 0;
      while (rows < MAX_CSV_ROWS) {
        const chunk = await access.audit.items(filter, Math.min(CSV_CHUNK, MAX_CSV_ROWS - rows));
        for (const entry of chunk) text += csvRow(entry);
        rows += chunk.length;
        const last = chunk[chunk.length - 1];
        if (chunk.length < CSV_CHUNK || !last) break;
        filter.beforeId = last.id;
      }
      const stamp = new Date(access.now()).toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="activity-${stamp}.csv"`)
        .header('cache-control', 'no-store')
        .send(text);
    },
  );
  done();
};
