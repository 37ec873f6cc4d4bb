import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { PartitionsResponseSchema, RefreshQuerySchema } from '../contract/partitions';
import { FieldsResponseSchema } from '../contract/fields';
import { isGranted } from '../auth/access';
import { currentUser } from '../auth/request-auth';
import { refreshGate } from './refresh-gate';
import { errorResponses, type RouteOptions } from './route-options';

const MIN_REFRESH_INTERVAL_MS = 5_000;

/** `GET /api/partitions` and `GET /api/fields`: the cached catalogue, `?refresh=1` to reload. */
export const catalogRoutes: FastifyPluginCallbackZod<RouteOptions> = (app, { catalog }, done) => {
  const refreshPartitions = refreshGate(MIN_REFRESH_INTERVAL_MS);
  const refreshFields = refreshGate(MIN_REFRESH_INTERVAL_MS);
  app.get(
    '/api/partitions',
    {
      schema: {
        summary: 'Lead partitions the user is granted (cached)',
        querystring: RefreshQuerySchema,
        response: { 200: PartitionsResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const partitions = await catalog.partitions({
        refresh: refreshPartitions(request.query.refresh === '1'),
      });
      return {
        partitions: partitions
          .filter((p) => isGranted(user, p.id))
          .map(({ id, name, description }) => ({
            id,
            name,
            description: description ?? '',
          })),
      };
    },
  );

  app.get(
    '/api/fields',
    {
      schema: {
        summary: 'Lead fields usable through the REST API (cached)',
        querystring: RefreshQuerySchema,
        response: { 200: FieldsResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      currentUser(request);
      const fields = await catalog.fields({ refresh: refreshFields(request.query.refresh === '1') });
      return {
        fields: fields.flatMap((field) =>
          field.rest
            ? [
                {
                  name: field.rest.name,
                  displayName: field.displayName,
                  dataType: field.dataType,
                  ...(field.length === undefined ? {} : { length: field.length }),
                  readOnly: field.rest.readOnly,
                },
              ]
            : [],
        ),
      };
    },
  );
  done();
};
