// Every JSON response of the covered endpoints, validated against the response schemas of Adobe's Swagger files
// (`server/emulator/openapi/`, copied unchanged from Adobe), after the deliberate deviations listed in spec-deviations.ts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './index';
import { type Definitions, SPEC_DEVIATIONS, applyDeviations } from './spec-deviations';
import { type RawResponse, getToken, rawFetch, tokenUrl } from './test-client';

type Swagger = {
  paths: Record<string, Record<string, { responses: Record<string, { schema?: { $ref: string } }> }>>;
  definitions: Definitions;
};

const repoRoot = resolve(import.meta.dirname, '../..');
const specDir = resolve(repoRoot, 'server/emulator/openapi');
const load = (file: string): Swagger => JSON.parse(readFileSync(resolve(specDir, file), 'utf8')) as Swagger;
const mapi = load('swagger-mapi.json');
const identity = load('swagger-identity.json');
// ajv-formats is CommonJS; under ESM interop its plugin may sit on `.default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as (ajv: Ajv) => Ajv;

function compiler(definitions: Definitions): (definition: string) => ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // Swagger 2.0 declares `format: "string"` on identity parameters; it constrains nothing.
  ajv.addFormat('string', true);
  // The definitions are registered as one schema document, so the spec's `#/definitions/X` refs resolve inside it.
  ajv.addSchema({ $id: 'swagger', definitions }, 'swagger');
  return (definition) => {
    const validate = ajv.getSchema(`swagger#/definitions/${definition}`);
    if (!validate) throw new Error(`no definition ${definition}`);
    return validate;
  };
}

const wireMapi = compiler(applyDeviations(mapi.definitions));
const rawMapi = compiler(mapi.definitions);
const wireIdentity = compiler(identity.definitions);

function responseDefinition(spec: Swagger, path: string, method: string): string {
  const ref = spec.paths[path]?.[method]?.responses['200']?.schema?.$ref;
  if (!ref) throw new Error(`spec has no 200 schema for ${method.toUpperCase()} ${path}`);
  return ref.replace('#/definitions/', '');
}

interface Case {
  name: string;
  spec: 'mapi' | 'identity';
  /** Spec path template and method whose 200 response schema applies. */
  operation: [string, string];
  send(): Promise<RawResponse>;
}

let emulator: RunningEmulator;
let token: string;

const rest = (path: string, init: RequestInit = {}): Promise<RawResponse> =>
  rawFetch(`${emulator.restUrl}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, ...init.headers },
  });
const postJson = (path: string, body: unknown): Promise<RawResponse> =>
  rest(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

const LEADS = '/rest/v1/leads.json';
const LEAD = '/rest/v1/lead/{leadId}.json';
const PARTITIONS = '/rest/v1/leads/partitions.json';
const ACTIVITY_TYPES = '/rest/v1/activities/types.json';
const PAGING_TOKEN = '/rest/v1/activities/pagingtoken.json';
const ACTIVITIES = '/rest/v1/activities.json';
const BULK_IMPORT = '/bulk/v1/leads.json';
const BULK_STATUS = '/bulk/v1/leads/batch/{batchId}.json';
const EXPORT_CREATE = '/bulk/v1/leads/export/create.json';
const EXPORT_ENQUEUE = '/bulk/v1/leads/export/{exportId}/enqueue.json';
const EXPORT_STATUS = '/bulk/v1/leads/export/{exportId}/status.json';
const EXPORT_CANCEL = '/bulk/v1/leads/export/{exportId}/cancel.json';

/** Bulk calls have no `/rest` prefix (docs/marketo-api.md §1). */
const bulk = (path: string, init: RequestInit = {}): Promise<RawResponse> =>
  rawFetch(`${emulator.origin}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, ...init.headers },
  });
const bulkJson = (path: string, body: unknown): Promise<RawResponse> =>
  bulk(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const importFile = (csv: string): Promise<RawResponse> => {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'leads.csv');
  return bulk(`${BULK_IMPORT}?format=csv`, { method: 'POST', body: form });
};
/** Polls a bulk status until `done` holds; the emulator's default pace finishes a small job in a few ticks. */
async function settled(path: string, done: (status: string) => boolean): Promise<RawResponse> {
  for (;;) {
    const res = await bulk(path);
    const status = (res.json as { result?: { status: string }[] }).result?.[0]?.status ?? '';
    if (done(status)) return res;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const SEED_CREATED = { createdAt: { startAt: '2015-08-15T00:00:00Z', endAt: '2015-09-14T00:00:00Z' } };
async function exportJob(): Promise<string> {
  const res = await bulkJson(EXPORT_CREATE, { fields: ['id', 'email'], filter: SEED_CREATED });
  return (res.json as { result: { exportId: string }[] }).result[0]?.exportId ?? '';
}

const cases: Case[] = [
  {
    name: 'token (GET)',
    spec: 'identity',
    operation: ['/identity/oauth/token', 'get'],
    send: () => rawFetch(tokenUrl(emulator)),
  },
  {
    name: 'token (POST)',
    spec: 'identity',
    operation: ['/identity/oauth/token', 'post'],
    send: () => rawFetch(tokenUrl(emulator), { method: 'POST' }),
  },
  {
    name: 'partitions',
    spec: 'mapi',
    operation: [PARTITIONS, 'get'],
    send: () => rest('/v1/leads/partitions.json'),
  },
  {
    name: 'partitions, bad token',
    spec: 'mapi',
    operation: [PARTITIONS, 'get'],
    send: () =>
      rawFetch(`${emulator.restUrl}/v1/leads/partitions.json`, { headers: { Authorization: 'Bearer x' } }),
  },
  {
    name: 'sync leads, mixed outcomes',
    spec: 'mapi',
    operation: [LEADS, 'post'],
    send: () =>
      postJson('/v1/leads.json', {
        partitionName: 'Mexico',
        input: [
          { email: 'conf.a@example.mx' },
          { email: 'enrique.pena-nieto@gob.mx', title: 'x' },
          { email: 'x@example.com', shoeSize: 1 },
          { email: 'sarah.nguyen@example.ca' },
        ],
      }),
  },
  {
    name: 'sync leads, no input',
    spec: 'mapi',
    operation: [LEADS, 'post'],
    send: () => postJson('/v1/leads.json', {}),
  },
  {
    name: 'sync leads, invalid JSON',
    spec: 'mapi',
    operation: [LEADS, 'post'],
    send: () =>
      rest('/v1/leads.json', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' }),
  },
  {
    name: 'lead by id',
    spec: 'mapi',
    operation: [LEAD, 'get'],
    send: () => rest('/v1/lead/318816.json?fields=leadPartitionId,email,unsubscribed,title,phone'),
  },
  {
    name: 'lead by id, unknown',
    spec: 'mapi',
    operation: [LEAD, 'get'],
    send: () => rest('/v1/lead/1.json'),
  },
  {
    name: 'lead by id, bad field',
    spec: 'mapi',
    operation: [LEAD, 'get'],
    send: () => rest('/v1/lead/1.json?fields=x'),
  },
  {
    name: 'leads by filter, paged',
    spec: 'mapi',
    operation: [LEADS, 'get'],
    send: () => rest('/v1/leads.json?filterType=leadPartitionId&filterValues=1,2,3&batchSize=3'),
  },
  {
    name: 'leads by filter, _method=GET',
    spec: 'mapi',
    operation: [LEADS, 'get'],
    send: () =>
      rest('/v1/leads.json?_method=GET', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'filterType=email&filterValues=liam.oconnor%40example.ca',
      }),
  },
  {
    name: 'leads by filter, unsupported field',
    spec: 'mapi',
    operation: [LEADS, 'get'],
    send: () => rest('/v1/leads.json?filterType=firstName&filterValues=x'),
  },
  {
    name: 'update lead partition',
    spec: 'mapi',
    operation: [PARTITIONS, 'post'],
    send: () =>
      postJson('/v1/leads/partitions.json', {
        input: [
          { id: 318817, partitionName: 'Canada' },
          { id: 1, partitionName: 'Canada' },
        ],
      }),
  },
  {
    name: 'delete leads',
    spec: 'mapi',
    operation: ['/rest/v1/leads/delete.json', 'post'],
    send: () => postJson('/v1/leads/delete.json', { input: [{ id: 318803 }, { id: 2 }] }),
  },
  {
    name: 'describe',
    spec: 'mapi',
    operation: ['/rest/v1/leads/describe.json', 'get'],
    send: () => rest('/v1/leads/describe.json'),
  },
  {
    name: 'describe2',
    spec: 'mapi',
    operation: ['/rest/v1/leads/describe2.json', 'get'],
    send: () => rest('/v1/leads/describe2.json'),
  },
  {
    name: 'describe, wrong method (605)',
    spec: 'mapi',
    operation: ['/rest/v1/leads/describe.json', 'get'],
    send: () => rest('/v1/leads/describe.json', { method: 'DELETE' }),
  },
  {
    name: 'activity types',
    spec: 'mapi',
    operation: [ACTIVITY_TYPES, 'get'],
    send: () => rest('/v1/activities/types.json'),
  },
  {
    name: 'activities paging token',
    spec: 'mapi',
    operation: [PAGING_TOKEN, 'get'],
    send: () => rest('/v1/activities/pagingtoken.json?sinceDatetime=2015-01-01T00:00:00Z'),
  },
  {
    name: 'activities paging token, bad datetime',
    spec: 'mapi',
    operation: [PAGING_TOKEN, 'get'],
    send: () => rest('/v1/activities/pagingtoken.json?sinceDatetime=soon'),
  },
  {
    name: 'lead activities, paged, with a partition change',
    spec: 'mapi',
    operation: [ACTIVITIES, 'get'],
    send: async () => {
      await postJson('/v1/leads/partitions.json', { input: [{ id: 318818, partitionName: 'Default' }] });
      const token = (await rest('/v1/activities/pagingtoken.json?sinceDatetime=2015-01-01')).json as {
        nextPageToken: string;
      };
      const query = new URLSearchParams({
        nextPageToken: token.nextPageToken,
        activityTypeIds: '12,100',
        batchSize: '20',
      });
      return rest(`/v1/activities.json?${query.toString()}`);
    },
  },
  {
    name: 'lead activities, invalid token (1003)',
    spec: 'mapi',
    operation: [ACTIVITIES, 'get'],
    send: () => {
      const leadIds = Array.from({ length: 31 }, (_, i) => i + 1).join(',');
      return rest(`/v1/activities.json?nextPageToken=x&activityTypeIds=12&leadIds=${leadIds}`);
    },
  },
  {
    name: 'bulk import, queued',
    spec: 'mapi',
    operation: [BULK_IMPORT, 'post'],
    send: () => importFile('email,firstName\nconformance@example.com,Conny\n'),
  },
  {
    name: 'bulk import, empty file (1003)',
    spec: 'mapi',
    operation: [BULK_IMPORT, 'post'],
    send: () => importFile(''),
  },
  {
    name: 'bulk import status, complete with a failure',
    spec: 'mapi',
    operation: [BULK_STATUS, 'get'],
    send: async () => {
      const res = await importFile('email,leadScore\nscored@example.com,1\nbad@example.com,x\n');
      const batchId = (res.json as { result: { batchId: number }[] }).result[0]?.batchId ?? 0;
      return settled(`/bulk/v1/leads/batch/${batchId}.json`, (s) => s === 'Complete');
    },
  },
  {
    name: 'bulk import status, unknown batch (1013)',
    spec: 'mapi',
    operation: [BULK_STATUS, 'get'],
    send: () => bulk('/bulk/v1/leads/batch/99999.json'),
  },
  {
    name: 'bulk export create',
    spec: 'mapi',
    operation: [EXPORT_CREATE, 'post'],
    send: () => bulkJson(EXPORT_CREATE, { fields: ['email'], format: 'TSV', filter: SEED_CREATED }),
  },
  {
    name: 'bulk export create, unsupported filter (1035)',
    spec: 'mapi',
    operation: [EXPORT_CREATE, 'post'],
    send: () => bulkJson(EXPORT_CREATE, { fields: ['email'], filter: { smartListId: 7 } }),
  },
  {
    name: 'bulk export enqueue',
    spec: 'mapi',
    operation: [EXPORT_ENQUEUE, 'post'],
    send: async () => bulk(`/bulk/v1/leads/export/${await exportJob()}/enqueue.json`, { method: 'POST' }),
  },
  {
    name: 'bulk export status, completed',
    spec: 'mapi',
    operation: [EXPORT_STATUS, 'get'],
    send: async () => {
      const exportId = await exportJob();
      await bulk(`/bulk/v1/leads/export/${exportId}/enqueue.json`, { method: 'POST' });
      return settled(`/bulk/v1/leads/export/${exportId}/status.json`, (s) => s === 'Completed');
    },
  },
  {
    name: 'bulk export jobs, a page of one',
    spec: 'mapi',
    operation: ['/bulk/v1/leads/export.json', 'get'],
    send: async () => {
      await exportJob();
      await exportJob();
      return bulk('/bulk/v1/leads/export.json?status=Created&batchSize=1');
    },
  },
  {
    name: 'bulk export cancel',
    spec: 'mapi',
    operation: [EXPORT_CANCEL, 'post'],
    send: async () => bulk(`/bulk/v1/leads/export/${await exportJob()}/cancel.json`, { method: 'POST' }),
  },
  {
    name: 'usage',
    spec: 'mapi',
    operation: ['/rest/v1/stats/usage.json', 'get'],
    send: () => rest('/v1/stats/usage.json'),
  },
];

beforeAll(async () => {
  emulator = await startEmulator();
  token = await getToken(emulator);
});
afterAll(async () => {
  await emulator.close();
});

describe('conformance with Adobe’s Swagger response schemas', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await c.send();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const [path, method] = c.operation;
    const spec = c.spec === 'mapi' ? mapi : identity;
    const validate = (c.spec === 'mapi' ? wireMapi : wireIdentity)(responseDefinition(spec, path, method));
    const valid = validate(res.json);
    expect(validate.errors ?? [], JSON.stringify(res.json).slice(0, 500)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is able to fail: wrong types deep inside a body are caught', () => {
    const validate = wireMapi('ResponseOfLead');
    expect(validate({ requestId: 'a#1', success: true, result: [{ id: 'x' }] })).toBe(false);
    expect(validate({ requestId: 'a#1', success: false, errors: [{ code: 601, message: 'x' }] })).toBe(false);
    expect(
      validate({
        requestId: 'a#1',
        success: true,
        result: [{ status: 'skipped', reasons: [{ code: '1' }] }],
      }),
    ).toBe(false);
    expect(
      wireIdentity('ResponseOfIdentity')({
        access_token: 'a',
        token_type: 'Bearer',
        expires_in: 1,
        scope: 's',
      }),
    ).toBe(false);
  });

  it('covers success and failure bodies for the REST endpoints', () => {
    expect(cases.filter((c) => c.spec === 'mapi').length).toBeGreaterThanOrEqual(15);
  });
});

describe('deliberate deviations from the spec', () => {
  it.each(SPEC_DEVIATIONS.map((d) => [d.id, d] as const))(
    '%s changes a verdict of the spec',
    (_id, deviation) => {
      const raw = rawMapi(deviation.example.definition)(deviation.example.body);
      const adjusted = compiler(
        (() => {
          const copy = structuredClone(mapi.definitions);
          deviation.apply(copy);
          return copy;
        })(),
      )(deviation.example.definition)(deviation.example.body);
      expect(adjusted).not.toBe(raw);
    },
  );

  it('would reject a real success body without them', async () => {
    const res = await rest('/v1/leads/partitions.json');
    expect(rawMapi('ResponseOfLeadPartition')(res.json)).toBe(false);
    expect(wireMapi('ResponseOfLeadPartition')(res.json)).toBe(true);
  });
});
