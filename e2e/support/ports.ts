// The e2e console and its emulator listen on ports the OS hands out, never fixed ones: a console someone left
// running on a fixed port once failed the whole suite. The Playwright runner picks them once, while evaluating
// the config, and keeps them in the environment, which its workers and the webServer inherit.
import { execFileSync } from 'node:child_process';

export interface E2ePorts {
  proxy: number;
  emulator: number;
}

const PROXY_PORT = 'E2E_PROXY_PORT';
const EMULATOR_PORT = 'E2E_EMULATOR_PORT';

// Both sockets are held open together so the two ports differ; a child process because the config is synchronous.
const PICK_TWO_FREE_PORTS = `
const net = require('node:net');
const open = () => new Promise((resolve) => { const server = net.createServer(); server.listen(0, '127.0.0.1', () => resolve(server)); });
Promise.all([open(), open()]).then((servers) => {
  process.stdout.write(servers.map((server) => server.address().port).join(' '));
  for (const server of servers) server.close();
});`;

function portFromEnv(name: string): number | undefined {
  const port = Number(process.env[name]);
  return Number.isInteger(port) && port > 0 && port < 65_536 ? port : undefined;
}

/** The ports in the environment, or two free ones, which are then put in the environment for the workers. */
export function chooseE2ePorts(): E2ePorts {
  const proxy = portFromEnv(PROXY_PORT);
  const emulator = portFromEnv(EMULATOR_PORT);
  if (proxy !== undefined && emulator !== undefined) return { proxy, emulator };
  const output = execFileSync(process.execPath, ['-e', PICK_TWO_FREE_PORTS], { encoding: 'utf8' });
  const [freeProxy, freeEmulator] = output.trim().split(' ').map(Number);
  if (!freeProxy || !freeEmulator)
    throw new Error(`Could not pick free ports for the e2e servers: "${output}"`);
  process.env[PROXY_PORT] = String(freeProxy);
  process.env[EMULATOR_PORT] = String(freeEmulator);
  return { proxy: freeProxy, emulator: freeEmulator };
}

/** The ports the runner chose; fails loudly rather than guess when a worker was started without them. */
export function e2ePorts(): E2ePorts {
  const proxy = portFromEnv(PROXY_PORT);
  const emulator = portFromEnv(EMULATOR_PORT);
  if (proxy === undefined || emulator === undefined)
    throw new Error(
      `${PROXY_PORT} and ${EMULATOR_PORT} are unset: run the specs through e2e/playwright.config.ts`,
    );
  return { proxy, emulator };
}
