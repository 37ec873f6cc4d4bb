// `npm start`: build the SPA when dist/ is missing or older than its sources, then run the proxy as one child
// process (node --import tsx, so its pid is the server itself) and print the one URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const distIndex = join(root, 'dist', 'index.html');
const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'server/contract'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function spaIsStale() {
  if (!existsSync(distIndex)) return true;
  const built = statSync(distIndex).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(root, source)) > built);
}

if (spaIsStale()) {
  console.log('Building the console (vite build)…');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    if (!existsSync(distIndex)) {
      console.error('The console could not be built; starting the API alone (see the errors above).');
    } else {
      console.error('The console could not be rebuilt; serving the previous build (see the errors above).');
    }
  }
}

const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'index.ts')], {
  cwd: root,
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
});

child.on('message', (message) => {
  if (message && typeof message === 'object' && message.type === 'partition-console:ready') {
    // The ready line stays the one line with a URL; how to sign in follows it.
    console.log(`\n${message.line}\n${message.signIn ? `${message.signIn}\n` : ''}`);
  }
});

// Ctrl+C reaches the whole process group; a plain `kill` reaches only us. Forward either way (the server
// ignores the echo) and leave when the server has finished its graceful shutdown.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
