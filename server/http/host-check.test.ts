import { describe, expect, it } from 'vitest';
import { allowedHostNames, hostnameOf } from './host-check';
import { startTestStack } from '../test-helpers';

describe('host names', () => {
  it('parses Host headers', () => {
    expect(hostnameOf('LocalHost:8080')).toBe('localhost');
    expect(hostnameOf('[::1]:8080')).toBe('[::1]');
    expect(hostnameOf('127.0.0.1')).toBe('127.0.0.1');
  });

  it('accepts loopback names on loopback, anything when bound wider unless names are listed', () => {
    expect(allowedHostNames('127.0.0.1', [])).toContain('localhost');
    expect(allowedHostNames('0.0.0.0', [])).toBeNull();
    expect(allowedHostNames('0.0.0.0', ['Console.Example.com'])).toContain('console.example.com');
  });
});

describe('DNS-rebinding guard', () => {
  it('answers a foreign Host with 421 and no upstream call, and loopback names normally', async () => {
    const stack = await startTestStack({ listen: true });
    try {
      const before = await stack.control.stats();
      const foreign = await stack.api.inject({
        url: '/api/partitions',
        headers: { host: 'evil.example:8080' },
      });
      expect(foreign.statusCode).toBe(421);
      expect(foreign.json()).toMatchObject({ error: { code: 'bad_request' } });
      expect((await stack.control.stats()).calls).toBe(before.calls);
      for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080']) {
        expect((await stack.app.inject({ url: '/api/health', headers: { host } })).statusCode, host).toBe(
          200,
        );
      }
      expect((await fetch(`${stack.origin}/api/health`)).status).toBe(200);
    } finally {
      await stack.close();
    }
  });
});
