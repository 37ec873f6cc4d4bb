// `npm run dev`: the proxy (emulator mode unless MARKETO_* are set) plus Vite's dev server with hot reload.
// Vite proxies /api to the proxy through CONSOLE_DEV_API (see vite.config.ts).
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const children = new Set();

function start(args, env) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.on('exit', (code) => {
    children.delete(child);
    // One half without the other is useless: stop everything.
    stopAll();
    if (children.size === 0) process.exit(code ?? 0);
  });
  return child;
}

function stopAll(signal = 'SIGTERM') {
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}

const proxy = start(['--import', 'tsx', join(root, 'server', 'index.ts')], {
  PORT: process.env.PORT ?? '8080',
});

proxy.on('message', (message) => {
  if (!message || typeof message !== 'object' || message.type !== 'partition-console:ready') return;
  console.log(`\nAPI proxy: ${message.line.replace('Partition Console is ready: ', '')}`);
  console.log('Starting Vite; open the URL it prints below.\n');
  start([join(root, 'node_modules', 'vite', 'bin', 'vite.js'), '--host', '127.0.0.1'], {
    CONSOLE_DEV_API: message.url,
  });
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopAll(signal));
