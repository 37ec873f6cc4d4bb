// The class of the outside review's cross-partition write: a restricted editor writes at a Canada lead with its
// lookup value in every form Marketo might match (padding of all kinds, case, Unicode normalisation forms,
// compatibility forms, leading zeros, signs, number formats), through the lead form, an import and a move, and
// under each way the emulator can compare text, the same for filter and sync or not. No Canada
// lead may change, and no answer may carry its id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportFile, ImportJob, ImportResultsPage } from '../contract/imports';
import type { LeadWriteResponse, MoveLeadsResponse } from '../contract/leads';
import type { LookupMatch } from '../emulator/config';
import { startTestStack, type ApiClient, type TestStack } from '../test-helpers';

const CANADA_LEAD = 318820;
const MEXICO_LEAD = 318818;
const DEFAULT = 1;
const MEXICO = 2;

type Form = string | number;
interface FieldCase {
  field: string;
  /** Stored on the Canada lead by an admin (not as a lookup value, so any form is allowed). */
  stored: Form;
  forms: Form[];
}

const CASES: FieldCase[] = [
  {
    field: 'externalCustomerId',
    stored: 'EXT-2 ',
    forms: [
      'EXT-2 ',
      'EXT-2',
      'ext-2',
      ' EXT-2',
      'EXT-2  ',
      'EXT-2\t',
      'EXT-2\u00a0',
      'EXT-2\u200b',
      '\uff25XT-2',
    ],
  },
  {
    field: 'twitterId',
    stored: 'Caf\u00e9',
    forms: [
      'Caf\u00e9',
      'Cafe\u0301',
      'CAF\u00c9',
      'caf\u00e9',
      'Caf\u00e9 ',
      '\ufeffCaf\u00e9',
      'Caf\u00e9\u3000',
    ],
  },
  {
    field: 'backupEmail',
    stored: 'Ca.Backup@Example.ca',
    forms: ['Ca.Backup@Example.ca', 'ca.backup@example.ca', 'CA.BACKUP@EXAMPLE.CA', ' ca.backup@example.ca'],
  },
  {
    field: 'customerTier',
    stored: 41,
    forms: [41, '41', '041', '+41', '+0041', ' 41', '41 ', '41.0', '4.1e1', '\uff14\uff11', 41.0],
  },
];
const ID_FORMS: Form[] = [
  CANADA_LEAD,
  String(CANADA_LEAD),
  `0${CANADA_LEAD}`,
  `+${CANADA_LEAD}`,
  ` ${CANADA_LEAD}`,
];
// Filter and sync alike, as Marketo most likely compares, and each way apart, in case it does not.
const MATCHES: [LookupMatch, LookupMatch][] = [
  ['exact', 'exact'],
  ['loose', 'loose'],
  ['exact', 'loose'],
  ['loose', 'exact'],
];

let stack: TestStack;
let mexico: ApiClient;

beforeAll(async () => {
  // Hundreds of writes in a row: a budget this test is not about must not make it wait out 20 s windows.
  stack = await startTestStack({
    imports: { reservedCalls: 0 },
    emulator: { callsPer20s: 10_000 },
    client: { callsPer20s: 10_000 },
  });
});
afterAll(async () => {
  await stack.close();
});

async function canadaLead() {
  return (await stack.control.leads()).find((lead) => lead.id === CANADA_LEAD);
}

/** Resets the emulator, stores every case's value on the Canada lead, and signs the Mexico editor in afresh. */
async function prepare([filter, sync]: [LookupMatch, LookupMatch]) {
  await stack.control.reset();
  await stack.control.setConfig({ filterLookupMatch: filter, syncLookupMatch: sync });
  const stored = Object.fromEntries(CASES.map(({ field, stored }) => [field, stored]));
  // A Mexico lead holds the Canada value trimmed: a screen that looked up a trimmed form would find it, place the
  // line inside the grants, and let a sync of the padded form through to Canada (the review's repro).
  const seeded = await stack.api.inject({
    method: 'POST',
    url: '/api/leads',
    payload: {
      action: 'updateOnly',
      lookupField: 'id',
      leads: [
        { id: CANADA_LEAD, ...stored },
        { id: MEXICO_LEAD, externalCustomerId: 'EXT-2' },
      ],
    },
  });
  expect(seeded.json<LeadWriteResponse>().results.map((result) => result.status)).toEqual([
    'updated',
    'updated',
  ]);
  mexico = await stack.signIn({ role: 'editor', partitions: [MEXICO] });
  return canadaLead();
}

function expectNoCanadaId(body: unknown) {
  expect(JSON.stringify(body)).not.toContain(String(CANADA_LEAD));
}

describe.each(MATCHES)('filter compares %s, sync compares %s', (filter, sync) => {
  it('the lead form never reaches the Canada lead, in any form of any lookup field', async () => {
    const before = await prepare([filter, sync]);
    const tries = [
      ...CASES.flatMap(({ field, forms }) =>
        forms.flatMap((form) =>
          (['updateOnly', 'createOrUpdate'] as const).map((action) => ({ field, form, action })),
        ),
      ),
      ...ID_FORMS.map((form) => ({ field: 'id', form, action: 'updateOnly' as const })),
    ];
    for (const { field, form, action } of tries) {
      const response = await mexico.inject({
        method: 'POST',
        url: '/api/leads',
        payload: {
          partitionName: 'Mexico',
          action,
          lookupField: field,
          leads: [{ [field]: form, title: `pwned by ${field} ${JSON.stringify(form)}` }],
        },
      });
      expect([200, 400], `${field} ${JSON.stringify(form)}: ${response.body}`).toContain(response.statusCode);
      expectNoCanadaId(response.json());
    }
    expect(await canadaLead()).toEqual(before);
  });

  it('an import never reaches the Canada lead, in any form of any lookup field', async () => {
    const before = await prepare([filter, sync]);
    for (const { field, forms } of CASES) {
      for (const action of ['updateOnly', 'createOrUpdate'] as const) {
        const rows = forms.map((form) => `"${String(form).replace(/"/g, '""')}",pwned by import`);
        const job = await importRows(field, action, [`${field},title`, ...rows].join('\n'));
        const results = (
          await mexico.inject(`/api/imports/${job.id}/results?limit=500`)
        ).json<ImportResultsPage>();
        expectNoCanadaId(results.rows.map((row) => row.leadId ?? null));
      }
    }
    expect(await canadaLead()).toEqual(before);
  });

  it('a move never takes the Canada lead, in any form of its id', async () => {
    const before = await prepare([filter, sync]);
    for (const form of [...ID_FORMS, CANADA_LEAD + 0.0]) {
      const response = await mexico.inject({
        method: 'POST',
        url: '/api/leads/partition',
        payload: { ids: [form], partitionName: 'Mexico' },
      });
      expect([200, 400]).toContain(response.statusCode);
      if (response.statusCode === 200) {
        expect(response.json<MoveLeadsResponse>().results).toEqual([
          { id: CANADA_LEAD, status: 'skipped', reasons: [{ code: '1004', message: 'Lead not found' }] },
        ]);
      }
    }
    expect(await canadaLead()).toEqual(before);
  });
});

describe('when the sync matches what the screen did not', () => {
  it('a write naming no partition still names the granted one to Marketo, which then refuses to cross', async () => {
    // The filter compares byte for byte, the sync loosely: the screen finds nothing for "CAFÉ", the sync finds the
    // Canada lead's "Café". With no partition named, Marketo's lookup would reach any partition.
    await prepare(['exact', 'loose']);
    const editor = await stack.signIn({ role: 'editor', partitions: [DEFAULT] });
    const response = await editor.inject({
      method: 'POST',
      url: '/api/leads',
      payload: {
        action: 'createOrUpdate',
        lookupField: 'twitterId',
        leads: [{ twitterId: 'CAF\u00c9', title: 'Stray' }],
      },
    });
    expect(response.statusCode).toBe(200);
    expectNoCanadaId(response.json());
    expect((await canadaLead())?.title).not.toBe('Stray');
  });
});

async function importRows(field: string, action: string, csv: string): Promise<ImportJob> {
  const file = (
    await mexico.inject({
      method: 'POST',
      url: '/api/imports/files?name=forms.csv',
      headers: { 'content-type': 'text/csv' },
      payload: csv,
    })
  ).json<ImportFile>();
  const started = await mexico.inject({
    method: 'POST',
    url: '/api/imports',
    payload: {
      fileId: file.id,
      partitionName: 'Mexico',
      action,
      lookupField: field,
      mapping: [field, 'title'],
    },
  });
  expect(started.statusCode, started.body).toBe(201);
  const id = started.json<ImportJob>().id;
  // Bounded by the test's timeout, not by a timed assertion.
  for (;;) {
    const job = (await mexico.inject(`/api/imports/${id}`)).json<ImportJob>();
    if (job.state !== 'running' && job.state !== 'cancelling') return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
