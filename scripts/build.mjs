// `npm run build [web] [server]`: the SPA with Vite into dist/web, and the server with esbuild into one ES module,
// dist/server/index.js, run by plain `node` (the emulator is bundled in: server/upstream.ts starts it in-process).
// Packages stay external: `npm ci --omit=dev` installs them. With no part named, builds both.
import { BUILD_PARTS, buildToolsInstalled, root } from './build-parts.mjs';

/** The options the server is bundled with; scripts/build.test.ts builds with them too. */
export const serverBuildOptions = {
  absWorkingDir: root,
  entryPoints: ['server/index.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The oldest Node in package.json's engines.
  target: 'node20.19',
  packages: 'external',
  outfile: BUILD_PARTS.server.output,
  sourcemap: 'linked',
  logLevel: 'warning',
};

async function buildWeb() {
  const { build } = await import('vite');
  await build({ root, logLevel: 'warn' });
}

async function buildServer() {
  const { build } = await import('esbuild');
  await build(serverBuildOptions);
}

const BUILDERS = { web: buildWeb, server: buildServer };

async function main(args) {
  const unknown = args.filter((part) => !(part in BUILDERS));
  if (unknown.length > 0) {
    console.error(`Unknown build part: ${unknown.join(', ')} (parts: ${Object.keys(BUILDERS).join(', ')})`);
    return 2;
  }
  if (!buildToolsInstalled()) {
    console.error('The build tools (vite, esbuild) are not installed: run `npm ci` (not --omit=dev) first.');
    return 1;
  }
  for (const part of args.length > 0 ? args : Object.keys(BUILDERS)) {
    const started = Date.now();
    await BUILDERS[part]();
    console.log(`built ${part} in ${Date.now() - started} ms`);
  }
  return 0;
}

if (import.meta.filename === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2)).catch((error) => {
    console.error(error);
    return 1;
  });
}
