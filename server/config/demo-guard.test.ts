import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';
import { isLoopbackHost } from './loopback';

const marketo = {
  MARKETO_BASE_URL: 'https://123-ABC-456.mktorest.com',
  MARKETO_CLIENT_ID: 'client-id-value',
  MARKETO_CLIENT_SECRET: 'super-secret-value',
};

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('isLoopbackHost', () => {
  it('knows loopback names and the 127/8 range, and nothing wider', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LocalHost', '::1', '[::1]'])
      expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'console.example.com', '127.0.0.1.example.com'])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe('production guard (emulator mode and its published demo password)', () => {
  it('refuses emulator mode bound beyond loopback, naming the settings', () => {
    const message = refusal({ HOST: '0.0.0.0' });
    expect(message).toContain('HOST is not a loopback address');
    for (const key of ['MARKETO_BASE_URL', 'CONSOLE_DEMO=true', 'HOST=127.0.0.1'])
      expect(message).toContain(key);
    expect(message).not.toContain('0.0.0.0');
  });

  it('refuses emulator mode under NODE_ENV=production, even on loopback', () => {
    expect(refusal({ NODE_ENV: 'production' })).toContain('NODE_ENV is production');
    const both = refusal({ NODE_ENV: 'production', HOST: '::' });
    expect(both).toContain('HOST is not a loopback address and NODE_ENV is production');
  });

  it('starts when CONSOLE_DEMO=true asks for the demo explicitly', () => {
    const config = loadConfig({ HOST: '0.0.0.0', NODE_ENV: 'production', CONSOLE_DEMO: 'true' });
    expect(config).toMatchObject({ host: '0.0.0.0', marketo: null });
    expect(refusal({ HOST: '0.0.0.0', CONSOLE_DEMO: 'false' })).toContain('CONSOLE_DEMO=true');
    expect(refusal({ CONSOLE_DEMO: 'yes' })).toContain('CONSOLE_DEMO must be true or false');
  });

  it('leaves loopback emulator mode and real Marketo alone', () => {
    expect(loadConfig({ HOST: '127.0.0.1', NODE_ENV: 'development' }).marketo).toBeNull();
    expect(loadConfig({ HOST: 'localhost' }).marketo).toBeNull();
    expect(loadConfig({ ...marketo, HOST: '0.0.0.0', NODE_ENV: 'production' }).marketo).not.toBeNull();
  });

  it('stops `server/index.ts` before it listens, with the message and exit code 1', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: join(import.meta.dirname, '..', '..'),
      // Empty MARKETO_* values count as unset and keep a developer's .env out of the test.
      env: {
        ...process.env,
        MARKETO_BASE_URL: '',
        MARKETO_CLIENT_ID: '',
        MARKETO_CLIENT_SECRET: '',
        CONSOLE_DEMO: '',
        HOST: '0.0.0.0',
        PORT: '0',
        EMULATOR_DB_FILE: ':memory:',
        CONSOLE_DB_FILE: ':memory:',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('Refusing to serve the emulator');
    expect(output).not.toContain('is ready');
  });
});
