// JSON bodies must be text: every malformed byte sequence, NUL and lone surrogate gets a 400 with the envelope,
// on a lead write, an import check and a user route, and nothing reaches Marketo or the users table. Good text
// (accents, emoji, tabs and other control characters) still goes through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorEnvelope } from '../contract/errors';
import type { ImportFile } from '../contract/imports';
import { startTestStack, type TestStack } from '../test-helpers';

let stack: TestStack;
let fileId: string;
let run = 0;

beforeAll(async () => {
  stack = await startTestStack({ imports: { startRunner: false } });
  await stack.api.inject('/api/fields');
  const upload = await stack.api.inject({
    method: 'POST',
    url: '/api/imports/files?name=strict.csv',
    headers: { 'content-type': 'text/csv' },
    payload: 'email,firstName\nstrict@example.mx,Ana\n',
  });
  expect(upload.statusCode).toBe(201);
  fileId = upload.json<ImportFile>().id;
});
afterAll(async () => {
  await stack.close();
});

const NOT_UTF8 = 'The request body is not valid UTF-8 text.';
const NUL = 'Text in the request may not contain the NUL character (\\u0000).';
const LONE_SURROGATE = 'Text in the request contains a \\u escape of half a character (a lone surrogate).';

interface Form {
  name: string;
  /** Bytes (or JSON text, written as is) put inside a string value. */
  value: Buffer | string;
  /** In a key instead of a value. */
  inKey?: boolean;
  message: string | RegExp;
}

const bytes = (...values: number[]) => Buffer.from(values);

const BAD_FORMS: Form[] = [
  { name: 'C3 28 (a lead byte and no continuation)', value: bytes(0x41, 0xc3, 0x28), message: NOT_UTF8 },
  { name: 'a lone FF', value: bytes(0xff), message: NOT_UTF8 },
  { name: 'an overlong "/" (C0 AF)', value: bytes(0xc0, 0xaf), message: NOT_UTF8 },
  { name: 'an overlong "/" in three bytes (E0 80 AF)', value: bytes(0xe0, 0x80, 0xaf), message: NOT_UTF8 },
  { name: 'a UTF-8 encoded lone surrogate (ED A0 80)', value: bytes(0xed, 0xa0, 0x80), message: NOT_UTF8 },
  { name: 'a sequence cut short (E2 82)', value: bytes(0xe2, 0x82), message: NOT_UTF8 },
  { name: 'a Latin-1 "é" (E9)', value: bytes(0x5a, 0x6f, 0xe9), message: NOT_UTF8 },
  { name: 'an escaped NUL', value: 'Ana\\u0000', message: NUL },
  { name: 'an escaped NUL in a key', value: 'first\\u0000Name', inKey: true, message: NUL },
  { name: 'a raw NUL byte', value: bytes(0x41, 0x00), message: /JSON/ },
  { name: 'an escaped lone high surrogate', value: '\\ud800', message: LONE_SURROGATE },
  { name: 'an escaped lone low surrogate', value: 'x\\udc00y', message: LONE_SURROGATE },
];

interface Route {
  name: string;
  url: string;
  /** The body's JSON text around one string value (or key) holding `{}`. */
  template: (inKey: boolean) => string;
}

const ROUTES: Route[] = [
  {
    name: 'POST /api/leads',
    url: '/api/leads',
    template: (inKey) =>
      inKey
        ? `{"partitionName":"Mexico","leads":[{"email":"strict-${++run}@example.mx","{}":"Ana"}]}`
        : `{"partitionName":"Mexico","leads":[{"email":"strict-${++run}@example.mx","firstName":"{}"}]}`,
  },
  {
    name: 'POST /api/imports/check',
    url: '/api/imports/check',
    template: (inKey) =>
      inKey
        ? `{"fileId":"${fileId}","partitionName":"Mexico","mapping":["email","firstName"],"{}":1}`
        : `{"fileId":"${fileId}","partitionName":"Mexico{}","mapping":["email","firstName"]}`,
  },
  {
    name: 'POST /api/users',
    url: '/api/users',
    template: (inKey) =>
      `{"email":"strict-user-${++run}@example.com","${inKey ? '{}' : 'name'}":"${inKey ? 'Ana' : 'Ana{}'}",` +
      '"role":"viewer","partitions":[2],"password":"a-good-long-password"}',
  },
];

function bodyOf(route: Route, form: { value: Buffer | string; inKey?: boolean }): Buffer {
  const [before, after] = route.template(form.inKey ?? false).split('{}') as [string, string];
  return Buffer.concat([Buffer.from(before), Buffer.from(form.value), Buffer.from(after)]);
}

async function post(url: string, payload: Buffer) {
  return stack.api.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json' },
    payload,
  });
}

/** What a request could have written: Marketo's leads and calls, the console's users. */
async function writtenState() {
  const stats = await stack.control.stats();
  return {
    leads: (await stack.control.leads()).length,
    syncCalls: Object.entries(stats.callsByPath)
      .filter(([path]) => path.includes('leads.json'))
      .map(([path, count]) => `${path}:${count}`),
    users: await stack.access.users.count(),
  };
}

const CASES = ROUTES.flatMap((route) =>
  BAD_FORMS.map((form) => ({ route, form, label: `${route.name}: ${form.name}` })),
);

describe('JSON bodies that are not text', () => {
  it.each(CASES)('$label → 400, nothing written', async ({ route, form }) => {
    const before = await writtenState();
    const response = await post(route.url, bodyOf(route, form));
    expect(response.statusCode, response.body).toBe(400);
    const { error } = response.json<ErrorEnvelope>();
    expect(error.code).toBe('bad_request');
    expect(error.message).toMatch(form.message);
    expect(await writtenState()).toEqual(before);
  });
});

describe('JSON bodies that are text', () => {
  const lead = ROUTES[0]!;
  const GOOD: { name: string; value: string; stored: string }[] = [
    { name: 'accents', value: 'Zoë Ñúñez', stored: 'Zoë Ñúñez' },
    { name: 'an emoji as raw UTF-8', value: 'Ana 😀', stored: 'Ana 😀' },
    { name: 'an emoji as a surrogate pair escape', value: 'Ana \\ud83d\\ude00', stored: 'Ana 😀' },
    { name: 'a tab and a line break', value: 'Ana\\tMaría\\r\\nLópez', stored: 'Ana\tMaría\r\nLópez' },
    { name: 'an escaped backslash before u0000', value: 'C:\\\\u0000', stored: 'C:\\u0000' },
    { name: 'another control character (U+0001)', value: 'Ana\\u0001', stored: 'Ana\u0001' },
  ];

  it.each(GOOD)('$name is written as sent', async ({ value, stored }) => {
    const response = await post(lead.url, bodyOf(lead, { value }));
    expect(response.statusCode, response.body).toBe(200);
    const [result] = response.json<{ results: { id?: number; status: string }[] }>().results;
    expect(result?.status).toBe('created');
    const written = (await stack.control.leads()).find((candidate) => candidate.id === result?.id);
    expect(written?.firstName).toBe(stored);
  });

  it('still refuses __proto__ and answers an empty body with 400', async () => {
    const poisoned = await post(
      '/api/leads',
      Buffer.from('{"leads":[{"email":"p@example.mx"}],"__proto__":{}}'),
    );
    expect(poisoned.statusCode).toBe(400);
    const empty = await post('/api/leads', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect(empty.json<ErrorEnvelope>().error.code).toBe('bad_request');
  });
});
