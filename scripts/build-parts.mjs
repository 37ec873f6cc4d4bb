// What `npm run build` makes, from which sources, and whether it is missing or older than them. No build tool is
// imported here: scripts/start.mjs reads this on a tree installed with `npm ci --omit=dev`, where there are none.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..');

/** Each part's output is the file whose age stands for the whole part. */
export const BUILD_PARTS = {
  web: {
    output: join(root, 'dist', 'web', 'index.html'),
    sources: ['src', 'public', 'index.html', 'vite.config.ts', 'server/contract'],
  },
  server: {
    output: join(root, 'dist', 'server', 'index.js'),
    sources: ['server', 'scripts/build.mjs', 'package.json'],
  },
};

export const serverEntry = BUILD_PARTS.server.output;

/** Tests do not end up in the build, so editing one does not make it stale. */
function isSource(name) {
  return !/\.test\.tsx?$/.test(name);
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && isSource(entry.name)) {
      newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

export function isBuilt(part) {
  return existsSync(BUILD_PARTS[part].output);
}

/** The parts that are missing, or older than one of their sources. */
export function staleParts() {
  return Object.entries(BUILD_PARTS)
    .filter(([part, { output, sources }]) => {
      if (!isBuilt(part)) return true;
      const built = statSync(output).mtimeMs;
      return sources.some((source) => newestMtime(join(root, source)) > built);
    })
    .map(([part]) => part);
}

/** vite and esbuild are devDependencies: absent after `npm ci --omit=dev`. */
export function buildToolsInstalled() {
  return ['vite', 'esbuild'].every((name) => existsSync(join(root, 'node_modules', name, 'package.json')));
}
