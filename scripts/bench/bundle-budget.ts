// Bundle budget (issue #4, item 8): the JavaScript a first visit downloads stays under 250 kB gzipped, and every
// route of the SPA is its own lazily loaded chunk. Builds into a temporary folder so a served dist/ is untouched;
// set BUNDLE_BUDGET_DIST=dist/web to measure an existing build instead (route chunks are then found by file name).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import type { Benchmark } from './benchmark';

const BUDGET_BYTES = 250_000;
const root = resolve(import.meta.dirname, '../..');
const routerFile = join(root, 'src/app/router.tsx');

type Chunk = {
  fileName: string;
  code: string;
  isDynamicEntry: boolean;
  facadeModuleId: string | null;
  moduleIds: string[];
};

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const gzipSize = (code: string | Buffer) => gzipSync(code, { level: 9 }).length;

/** The route modules the router lazy-loads, e.g. `partitions`, `lead-new`. */
function routeModules(): string[] {
  const source = readFileSync(routerFile, 'utf8');
  return [...source.matchAll(/import\('\.\/routes\/([\w-]+)'\)/g)].map((match) => match[1] ?? '');
}

/** Entry script plus modulepreloads: what the browser fetches before the first paint. */
function initialFiles(html: string): string[] {
  const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="\/?([^"]+)"/g)];
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/?([^"]+)"/g)];
  return [...scripts, ...preloads].map((match) => match[1] ?? '');
}

async function buildChunks(outDir: string): Promise<Chunk[]> {
  const result = await build({
    root,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
  const outputs = Array.isArray(result) ? result : [result];
  return outputs.flatMap((output) =>
    'output' in output
      ? output.output.flatMap((item) =>
          item.type === 'chunk'
            ? [
                {
                  fileName: item.fileName,
                  code: item.code,
                  isDynamicEntry: item.isDynamicEntry,
                  facadeModuleId: item.facadeModuleId,
                  moduleIds: item.moduleIds,
                },
              ]
            : [],
        )
      : [],
  );
}

function readChunks(dir: string): Chunk[] {
  return readdirSync(join(dir, 'assets'))
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({
      fileName: `assets/${file}`,
      code: readFileSync(join(dir, 'assets', file), 'utf8'),
      // Unknown without the build's module graph; "loaded up front" is still checked against index.html.
      isDynamicEntry: true,
      facadeModuleId: null,
      moduleIds: [],
    }));
}

function routeChunkFor(route: string, chunks: Chunk[], fromBuild: boolean): Chunk | undefined {
  if (fromBuild) {
    return chunks.find((chunk) => chunk.facadeModuleId === join(root, 'src/app/routes', `${route}.tsx`));
  }
  const pattern = new RegExp(`^assets/${route}-[\\w-]+\\.js$`);
  return chunks.find((chunk) => pattern.test(chunk.fileName));
}

export const benchmark: Benchmark = {
  name: 'bundle budget',
  run: async (): Promise<string[]> => {
    const existing = process.env.BUNDLE_BUDGET_DIST;
    const dir = existing ? resolve(root, existing) : mkdtempSync(join(tmpdir(), 'bundle-budget-'));
    try {
      const chunks = existing ? readChunks(dir) : await buildChunks(dir);
      const lines: string[] = [];
      const html = readFileSync(join(dir, 'index.html'), 'utf8');
      const initial = initialFiles(html);
      const sizes = initial.map((file) => ({ file, gzip: gzipSize(readFileSync(join(dir, file))) }));
      const total = sizes.reduce((sum, { gzip }) => sum + gzip, 0);
      const verdict = total <= BUDGET_BYTES ? 'PASS' : 'FAIL';
      lines.push(
        `${verdict} initial JS ${kB(total)} gzip (budget ${kB(BUDGET_BYTES)}), ${initial.length} files:`,
      );
      for (const { file, gzip } of sizes) lines.push(`       ${file} ${kB(gzip)}`);

      const routes = routeModules();
      const seen = new Set<string>();
      for (const route of routes) {
        const chunk = routeChunkFor(route, chunks, !existing);
        if (!chunk) {
          lines.push(`FAIL route ${route}: no chunk of its own`);
          continue;
        }
        const problems = [
          initial.includes(chunk.fileName) && 'loaded up front',
          !chunk.isDynamicEntry && 'not lazy',
          seen.has(chunk.fileName) && 'shares a chunk with another route',
        ].filter(Boolean);
        seen.add(chunk.fileName);
        const status = problems.length === 0 ? 'PASS' : 'FAIL';
        const note = problems.length === 0 ? '' : ` (${problems.join(', ')})`;
        lines.push(`${status} route ${route}: ${chunk.fileName} ${kB(gzipSize(chunk.code))} gzip${note}`);
      }
      if (!existing) {
        // The DataGrid is the largest dependency; only the partitions route may pull it in.
        const eager = chunks.filter((chunk) => initial.includes(chunk.fileName));
        const gridUpFront = eager.some((chunk) =>
          chunk.moduleIds.some((id) => id.includes('@mui/x-data-grid')),
        );
        lines.push(
          `${gridUpFront ? 'FAIL' : 'PASS'} DataGrid ${gridUpFront ? 'is' : 'is not'} in the initial JS`,
        );
      }
      // Languages load on demand (issue 16): Spanish and French are chunks of their own, fetched when chosen, and
      // the development-only pseudo-locale is not in a production build at all.
      for (const locale of ['es-MX', 'fr-CA']) {
        const chunk = chunks.find((candidate) =>
          new RegExp(`^assets/${locale}-[\\w-]+\\.js$`).test(candidate.fileName),
        );
        const problem = !chunk
          ? 'no chunk of its own'
          : initial.includes(chunk.fileName)
            ? 'loaded up front'
            : '';
        lines.push(
          `${problem ? 'FAIL' : 'PASS'} messages ${locale}: ${chunk ? `${chunk.fileName} ${kB(gzipSize(chunk.code))} gzip` : ''}${problem ? ` (${problem})` : ''}`,
        );
      }
      const pseudo = chunks.some((chunk) => chunk.code.includes('⟦'));
      lines.push(`${pseudo ? 'FAIL' : 'PASS'} pseudo-locale ${pseudo ? 'is' : 'is not'} in the build`);
      // The runner fails a benchmark only when it throws; the message carries every line, passes included.
      if (lines.some((line) => line.startsWith('FAIL')))
        throw new Error(`over budget\n  ${lines.join('\n  ')}`);
      return lines;
    } finally {
      if (!existing) rmSync(dir, { recursive: true, force: true });
    }
  },
};
