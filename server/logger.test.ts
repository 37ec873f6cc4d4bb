import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from './logger';

describe('scrubSecrets', () => {
  it('blanks configured secrets and token-shaped values wherever they appear', () => {
    const secret = 'emulator-secret-not-for-production';
    const line = JSON.stringify({
      url: `/identity/oauth/token?grant_type=client_credentials&client_id=abc&client_secret=${secret}`,
      note: `secret ${secret} leaked`,
      header: 'Bearer cdf01657-110d-4155-99a7-f986b2ff13a0:int',
      body: { access_token: 'cdf01657-110d-4155-99a7-f986b2ff13a0:int', expires_in: 3599 },
      query: 'access_token=abc123&x=1',
    });
    const scrubbed = scrubSecrets(line, [secret]);
    expect(scrubbed).not.toContain(secret);
    expect(scrubbed).not.toContain('cdf01657');
    expect(scrubbed).not.toContain('abc123');
    expect(scrubbed).toContain('client_id=abc');
    expect(scrubbed).toContain('"expires_in":3599');
  });

  it('ignores secrets too short to match safely', () => {
    expect(scrubSecrets('a short one', ['a'])).toBe('a short one');
  });
});

describe('createLogger', () => {
  it('redacts credential-named keys and secrets learned after creation', () => {
    const lines: string[] = [];
    const secrets: string[] = [];
    const logger = createLogger({
      level: 'info',
      secrets,
      destination: { write: (line: string) => lines.push(line) },
    });
    secrets.push('late-arriving-secret-value');
    logger.info(
      {
        clientSecret: 'x-secret',
        req: { headers: { authorization: 'Bearer abc.def' } },
        detail: 'late-arriving-secret-value',
      },
      'hello',
    );
    const text = lines.join('');
    expect(text).toContain('hello');
    expect(text).not.toContain('x-secret');
    expect(text).not.toContain('abc.def');
    expect(text).not.toContain('late-arriving-secret-value');
  });
});
