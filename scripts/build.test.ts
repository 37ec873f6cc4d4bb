// The compiled server (scripts/build.mjs) is what `npm start` runs, on a tree installed with
// `npm ci --omit=dev`: it must need no devDependency and no TypeScript loader.
import { readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startProxyProcess } from '../server/proxy-process';
import { serverBuildOptions } from './build.mjs';

const root = join(import.meta.dirname, '..');
let folder: string;
let outfile: string;
let metafile: Metafile;

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

beforeAll(async () => {
  // Inside the repository, so the bundle's external imports resolve from its node_modules; never over dist/.
  await mkdir(join(root, '.cache'), { recursive: true });
  folder = await mkdtemp(join(root, '.cache', 'build-test-'));
  outfile = join(folder, 'server', 'index.js');
  const result = await build({ ...serverBuildOptions, outfile, metafile: true });
  metafile = result.metafile;
});

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

it('leaves out only Node built-ins and runtime dependencies, which --omit=dev installs', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const output = Object.values(metafile.outputs).find((entry) => entry.entryPoint === 'server/index.ts');
  const external = (output?.imports ?? []).filter((entry) => entry.external).map((entry) => entry.path);
  const packages = [...new Set(external.map(packageName))].filter(
    (name) => !name.startsWith('node:') && !builtinModules.includes(name),
  );
  expect(packages).toContain('fastify');
  expect(packages.filter((name) => !(name in manifest.dependencies))).toEqual([]);
});

it('runs under plain node, no loader, and answers /api/health', async () => {
  const proxy = await startProxyProcess(
    { NODE_OPTIONS: '', CONSOLE_DB_FILE: ':memory:', EMULATOR_DB_FILE: ':memory:' },
    [outfile],
  );
  try {
    const response = await fetch(`${proxy.url}/api/health`);
    expect(response.status).toBe(200);
  } finally {
    proxy.kill('SIGTERM');
    await proxy.exit;
  }
});
