// Vitest globalSetup for the server project: one throwaway PostgreSQL per `vitest run`, shared by every worker and
// stopped at teardown. Most test files never use it, so it starts only when a test first asks for it: the setup
// provides a loopback "starter" URL, and server/testing/test-database.ts asks it for the server's URL.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestProject } from 'vitest/node';
import { ensurePostgresInstalled, startTestPostgres, type TestPostgres } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** POST here for the shared PostgreSQL server's URL; the first request starts it. */
    testPostgresStarter: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Installing with apt can outlast a test hook's timeout, so a missing server is installed now, before any test.
  if (!process.env.TEST_DATABASE_URL) ensurePostgresInstalled();
  let server: Promise<TestPostgres> | undefined;
  // A secret path, so nothing else on the machine starts or finds the server through this port.
  const path = `/${randomUUID()}`;
  const starter = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== path) {
      response.writeHead(404).end();
      return;
    }
    // Every file waits on the same start; a failed start answers every file with the same error.
    server ??= startTestPostgres();
    server.then(
      (started) => response.writeHead(200, { 'content-type': 'text/plain' }).end(started.url),
      (error: unknown) =>
        response
          .writeHead(500, { 'content-type': 'text/plain' })
          .end(error instanceof Error ? error.message : String(error)),
    );
  });
  await new Promise<void>((resolve) => starter.listen(0, '127.0.0.1', resolve));
  const { port } = starter.address() as AddressInfo;
  project.provide('testPostgresStarter', `http://127.0.0.1:${port}${path}`);
  return async () => {
    starter.close();
    const started = await server?.catch(() => undefined);
    await started?.stop();
  };
}
