// A role never widens partition grants: every route that answers lead data, lead ids or
// per-lead outcomes shows a reader nothing from a partition they are not granted, admins included. Admins keep
// managing users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActivityPage } from '../contract/activity';
import type { ImportFile, ImportJob } from '../contract/imports';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

const MEXICO = 2;
const CANADA = 3;
const TWIN = 'twin@grants.test';

let stack: TestStack;
let readers: Record<'admin granted Mexico only' | 'editor Mexico' | 'viewer Canada', ApiClient>;
const jobs: Record<'canada' | 'mexico' | 'updateIntoMexico', ImportJob> = {} as never;
/** Lead ids and emails by partition id, as the emulator holds them once the setup is done. */
const leadTokens = new Map<number, Set<string>>();

async function finished(id: string): Promise<ImportJob> {
  // Bounded by the test's timeout, not by a timed assertion.
  for (;;) {
    const job = (await stack.api.inject(`/api/imports/${id}`)).json<ImportJob>();
    if (job.state !== 'running' && job.state !== 'cancelling') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function runImport(
  client: ApiClient,
  csv: string,
  partitionName: string,
  action: string,
  mapping: string[],
): Promise<ImportJob> {
  const upload = await client.inject({
    method: 'POST',
    url: '/api/imports/files?name=grants.csv',
    headers: { 'content-type': 'text/csv' },
    payload: csv,
  });
  expect(upload.statusCode, upload.body).toBe(201);
  const started = await client.inject({
    method: 'POST',
    url: '/api/imports',
    payload: { fileId: upload.json<ImportFile>().id, partitionName, action, mapping },
  });
  expect(started.statusCode, started.body).toBe(201);
  return finished(started.json<ImportJob>().id);
}

async function writeLead(partitionName: string, email: string, action = 'createOrUpdate'): Promise<void> {
  const response = await stack.api.inject({
    method: 'POST',
    url: '/api/leads',
    payload: { partitionName, action, leads: [{ email, firstName: 'Grant' }] },
  });
  expect(response.statusCode, response.body).toBe(200);
}

beforeAll(async () => {
  stack = await startTestStack({ imports: { reservedCalls: 0 } });
  readers = {
    'admin granted Mexico only': await stack.signIn({ role: 'admin', partitions: [MEXICO] }),
    'editor Mexico': await stack.signIn({ role: 'editor', partitions: [MEXICO] }),
    'viewer Canada': await stack.signIn({ role: 'viewer', partitions: [CANADA] }),
  };
  // The same address in both partitions, so one lookup finds a lead on each side.
  await writeLead('Canada', TWIN, 'createDuplicate');
  await writeLead('Mexico', TWIN, 'createDuplicate');
  await writeLead('Canada', 'written.ca@grants.test');
  jobs.canada = await runImport(
    stack.api,
    'email,firstName\nca1@grants.test,Chloé\nca2@grants.test,Liam\n',
    'Canada',
    'createOrUpdate',
    ['email', 'firstName'],
  );
  jobs.mexico = await runImport(
    readers['editor Mexico'],
    'email,firstName\nmx1@grants.test,Ana\n',
    'Mexico',
    'createOrUpdate',
    ['email', 'firstName'],
  );
  // An admin granted everything updates a Canada lead through a Mexico job: updateOnly reaches any partition.
  jobs.updateIntoMexico = await runImport(
    stack.api,
    'email,title\nca1@grants.test,Reached\n',
    'Mexico',
    'updateOnly',
    ['email', 'title'],
  );
  expect(jobs.updateIntoMexico.counts.updated).toBe(1);
  const created = await stack.api.inject({
    method: 'POST',
    url: '/api/users',
    payload: {
      email: 'new.colleague@grants.test',
      name: 'New colleague',
      role: 'viewer',
      partitions: [MEXICO],
      password: 'a-good-long-password',
    },
  });
  expect(created.statusCode).toBe(201);
  for (const lead of await stack.control.leads()) {
    const tokens = leadTokens.get(lead.leadPartitionId) ?? new Set<string>();
    tokens.add(String(lead.id));
    // The twin's address is in both partitions: its id, not its address, tells them apart.
    if (typeof lead.email === 'string' && lead.email !== TWIN) tokens.add(lead.email.toLowerCase());
    leadTokens.set(lead.leadPartitionId, tokens);
  }
});
afterAll(async () => {
  await stack.close();
});

/** Ids, emails and other words of a JSON or CSV body. */
function tokensOf(body: string): Set<string> {
  return new Set(body.toLowerCase().split(/[^a-z0-9@._-]+/));
}

/**
 * What a reader must never see: leads outside their partitions, and jobs that touched only such leads. (The
 * Mexico job that updated a Canada lead is named in the Canada entry of the trail, rightly.)
 */
function forbiddenFor(client: ApiClient): string[] {
  const granted = client.user.partitions;
  const forbidden: string[] = [];
  for (const [partitionId, tokens] of leadTokens) {
    if (granted === 'all' || !granted.includes(partitionId)) forbidden.push(...tokens);
  }
  if (granted !== 'all' && !granted.includes(CANADA)) forbidden.push(jobs.canada.id);
  if (granted !== 'all' && !granted.includes(MEXICO)) forbidden.push(jobs.mexico.id);
  return forbidden;
}

const ROUTES: { name: string; url: () => string }[] = [
  { name: 'lead lookup', url: () => `/api/leads?email=${encodeURIComponent(TWIN)}` },
  { name: 'lead lookup (Canada only)', url: () => '/api/leads?email=written.ca%40grants.test' },
  { name: 'lead by id (Canada)', url: () => `/api/leads/${[...leadTokens.get(CANADA)!][0]}` },
  { name: 'lead by id (Mexico)', url: () => `/api/leads/${[...leadTokens.get(MEXICO)!][0]}` },
  { name: 'import list', url: () => '/api/imports' },
  ...(['canada', 'mexico', 'updateIntoMexico'] as const).flatMap((job) => [
    { name: `import job (${job})`, url: () => `/api/imports/${jobs[job].id}` },
    { name: `import results (${job})`, url: () => `/api/imports/${jobs[job].id}/results` },
    { name: `import results CSV (${job})`, url: () => `/api/imports/${jobs[job].id}/results.csv` },
  ]),
  { name: 'activity', url: () => '/api/activity?limit=500' },
  { name: 'activity CSV', url: () => '/api/activity.csv' },
  { name: 'users', url: () => '/api/users' },
];

const READERS = ['admin granted Mexico only', 'editor Mexico', 'viewer Canada'] as const;
const CELLS = READERS.flatMap((reader) =>
  ROUTES.map((route) => ({ reader, route, label: `${reader}: ${route.name}` })),
);

describe('lead data follows grants, whatever the role', () => {
  it.each(CELLS)('$label', async ({ reader, route }) => {
    const client = readers[reader];
    const response = await client.inject(route.url());
    expect(response.statusCode).toBeLessThan(500);
    const seen = tokensOf(response.body);
    const leaked = forbiddenFor(client).filter((token) => seen.has(token.toLowerCase()));
    expect(leaked, `${response.statusCode} ${response.body.slice(0, 300)}`).toEqual([]);
  });

  it('shows each reader the lead data of their own partitions', async () => {
    const mexicoLeads = leadTokens.get(MEXICO)!;
    const canadaLeads = leadTokens.get(CANADA)!;
    for (const reader of READERS) {
      const client = readers[reader];
      const own =
        client.user.partitions === 'all' || client.user.partitions.includes(MEXICO)
          ? mexicoLeads
          : canadaLeads;
      const twins = (await client.inject(`/api/leads?email=${encodeURIComponent(TWIN)}`)).json<{
        leads: { id: number }[];
      }>();
      expect(twins.leads).toHaveLength(1);
      expect(own.has(String(twins.leads[0]?.id))).toBe(true);
      const trail = (await client.inject('/api/activity?limit=500')).json<ActivityPage>();
      const leadIds = trail.entries.flatMap((entry) => entry.leadIds.map(String));
      expect(leadIds.length).toBeGreaterThan(0);
      expect(leadIds.every((id) => own.has(id))).toBe(true);
    }
  });

  it("gives a Mexico admin a Mexico job's rows only when their grants cover its owner's", async () => {
    const admin = readers['admin granted Mexico only'];
    expect((await admin.inject(`/api/imports/${jobs.mexico.id}/results`)).statusCode).toBe(200);
    // Its owner was granted every partition: its rows may name a lead anywhere (here a Canada one).
    const refused = await admin.inject(`/api/imports/${jobs.updateIntoMexico.id}/results`);
    expect(refused.statusCode).toBe(403);
    expect((await admin.inject(`/api/imports/${jobs.updateIntoMexico.id}`)).statusCode).toBe(200);
    expect((await admin.inject(`/api/imports/${jobs.canada.id}`)).statusCode).toBe(404);
    // Named in the Canada reader's trail (it touched a Canada lead), the Mexico job itself stays out of reach.
    const canadaReader = readers['viewer Canada'];
    expect((await canadaReader.inject(`/api/imports/${jobs.updateIntoMexico.id}`)).statusCode).toBe(404);
  });

  it('leaves admins their user management', async () => {
    const users = await readers['admin granted Mexico only'].inject('/api/users');
    expect(users.statusCode).toBe(200);
    expect(users.body).toContain('new.colleague@grants.test');
    expect((await readers['editor Mexico'].inject('/api/users')).statusCode).toBe(403);
  });
});
