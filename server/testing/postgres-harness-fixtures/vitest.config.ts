// A nested `vitest run` for server/testing/postgres-server.test.ts: these files, one at a time in name order, with
// the real PostgreSQL globalSetup. The files pass notes through the folder in PG_HARNESS_OUT.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

class ByName extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return Promise.resolve([...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId)));
  }
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['*.fixture.ts'],
    environment: 'node',
    globalSetup: ['../postgres-global-setup.ts'],
    fileParallelism: false,
    sequence: { sequencer: ByName },
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
