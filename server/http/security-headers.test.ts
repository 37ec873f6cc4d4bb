// Helmet's headers, worked out once at start (security.ts), still go on every answer: a lead read, a request
// refused before any route (no session), an unknown API path, and the rate budget's 429.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-helpers';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ logLevel: 'warn', app: { apiRateLimitPerMinute: 20 } });
});
afterAll(async () => {
  await stack.close();
});

const EXPECTED = {
  'content-security-policy':
    "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

it('sets the same security headers on answers, refusals and errors alike', async () => {
  const answers = [
    await stack.app.inject({ url: '/api/leads/318816', headers: stack.api.headers }),
    await stack.app.inject({ url: '/api/leads/318816' }),
    await stack.app.inject({ url: '/api/no-such-thing', headers: stack.api.headers }),
  ];
  // Spend the rest of the minute's budget: the first answer past it is the 429.
  for (let i = 0; i < 25; i++) {
    const answer = await stack.app.inject({ url: '/api/session', headers: stack.api.headers });
    if (answer.statusCode === 429) {
      answers.push(answer);
      break;
    }
  }
  expect(answers.map((answer) => answer.statusCode)).toEqual([200, 401, 404, 429]);
  for (const answer of answers) expect(answer.headers).toMatchObject(EXPECTED);
  expect(answers[0]?.headers['strict-transport-security']).toBeUndefined();
});
