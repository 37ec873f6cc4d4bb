// Starts the console exactly as `npm start` runs it (emulator mode, in-memory emulator, on free ports) and
// drives it in Chromium; shared by `npm run screenshots` and the browser benchmarks.
import { createServer, type AddressInfo, type Server } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from '@playwright/test';
import { findChromium } from './chromium.mjs';

export interface ConsoleProcess {
  origin: string;
  stop(): void;
}

export const DEMO_ADMIN = {
  email: process.env.CONSOLE_DEMO_EMAIL ?? 'admin@example.com',
  password: process.env.CONSOLE_DEMO_PASSWORD ?? 'partition-demo-2026',
};

async function waitForHealth(origin: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The console exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('The console did not start within 60 s');
}

/** Two ports the OS hands out now, held together so they differ: a console left running never gets in the way. */
async function freePorts(): Promise<[number, number]> {
  const open = () =>
    new Promise<Server>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
  const servers = await Promise.all([open(), open()]);
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return [ports[0]!, ports[1]!];
}

/** The console as `npm start` runs it in emulator mode, in memory, on free ports. */
export async function startConsole(): Promise<ConsoleProcess> {
  const [port, emulatorPort] = await freePorts();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      EMULATOR_PORT: String(emulatorPort),
      EMULATOR_DB_FILE: ':memory:',
      CONSOLE_DB_FILE: ':memory:',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(origin, child, Date.now() + 60_000);
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
  return { origin, stop: () => child.kill('SIGTERM') };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium({ install: false }),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
}

/** Signs in as the demo admin when the console asks for it (team access), else does nothing. */
export async function signInIfAsked(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/partitions`);
  const signIn = page.getByRole('button', { name: /^sign in$/i });
  const partitions = page.getByRole('heading', { name: 'Partitions', level: 1 });
  await signIn.or(partitions).first().waitFor();
  if (!(await signIn.isVisible())) return;
  await page.getByLabel('Email').fill(DEMO_ADMIN.email);
  await page.getByLabel('Password').fill(DEMO_ADMIN.password);
  await signIn.click();
  await partitions.waitFor();
}
