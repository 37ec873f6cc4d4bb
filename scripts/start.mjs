// `npm start`: build what is missing or older than its sources (scripts/build-parts.mjs), then run the compiled
// proxy, dist/server/index.js, with plain `node` as one child process (its pid is the server itself), and print
// the one URL to open. On a tree installed with `npm ci --omit=dev` there are no build tools: the build present
// is run as it is.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildToolsInstalled, isBuilt, root, serverEntry, staleParts } from './build-parts.mjs';
import { LEAN_HEAP_FLAGS } from './lean-heap-flags.mjs';

const NO_TOOLS =
  'the build tools are not installed (npm ci --omit=dev leaves them out): build it where they are, with ' +
  '`npm ci && npm run build`, and bring dist/ along.';

function build(parts) {
  console.log(`Building the console (${parts.join(' and ')})…`);
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), ...parts], {
    cwd: root,
    stdio: 'inherit',
  });
  return result.status === 0;
}

const stale = staleParts();
if (stale.length > 0) {
  if (!buildToolsInstalled()) {
    if (!isBuilt('server')) {
      console.error(`The server is not built (dist/server/index.js is missing), and ${NO_TOOLS}`);
      process.exit(1);
    }
    if (!isBuilt('web'))
      console.error(`The console's pages are not built, and ${NO_TOOLS} Starting the API alone.`);
  } else if (!build(stale)) {
    if (!isBuilt('server')) {
      console.error('The server could not be built (see the errors above).');
      process.exit(1);
    }
    console.error(
      isBuilt('web')
        ? 'The console could not be rebuilt; running the previous build (see the errors above).'
        : 'The console could not be built; starting the API alone (see the errors above).',
    );
  }
}

const child = spawn(process.execPath, [...LEAN_HEAP_FLAGS, serverEntry], {
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
