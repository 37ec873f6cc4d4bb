// The OpenAPI document at /api/docs, generated from the same zod schemas the routes validate with.
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Partition Console API',
        description: 'The narrow JSON API between the console and its Marketo proxy.',
        version: '1.0.0',
      },
    },
    transform: jsonSchemaTransform,
  });
}

export function registerDocsRoute(app: FastifyInstance): void {
  app.get('/api/docs', { schema: { hide: true } }, () => app.swagger());
}
