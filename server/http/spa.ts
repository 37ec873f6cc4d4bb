// Serves the built SPA and decides what an unknown URL gets: the SPA's index.html for page URLs (so deep links
// survive a reload), the JSON error envelope for everything under /api and for the emulator's control paths.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { notFound } from './api-error';
import { sendApiError } from './error-handler';

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path.startsWith('/__emulator');
}

function looksLikeFile(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.includes('.');
}

// index.html names the current hashed bundles, so browsers must revalidate it on every load.
async function sendIndex(reply: FastifyReply): Promise<void> {
  await reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
}

export async function registerSpa(app: FastifyInstance, distDir: string | null | undefined): Promise<void> {
  const root = distDir ? resolve(distDir) : null;
  const hasSpa = root !== null && existsSync(resolve(root, 'index.html'));
  if (hasSpa) {
    await app.register(fastifyStatic, {
      root,
      // Hashed assets may be cached forever; index.html is always revalidated below.
      maxAge: '1y',
      immutable: true,
      index: false,
      // The API and the emulator's paths are never files, whatever lies in dist/.
      allowedPath: (pathName) => !isApiPath(pathName),
    });
  }

  if (hasSpa) {
    // The static server will not list a directory, so the root page is served like any deep link.
    app.get('/', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
  }

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(path);
    if (hasSpa && isPage && !looksLikeFile(path)) {
      await sendIndex(reply);
      return;
    }
    await sendApiError(request, reply, notFound(`No such ${isApiPath(path) ? 'API route' : 'page'}.`));
  });
}
