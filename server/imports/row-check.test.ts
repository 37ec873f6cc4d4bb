import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ImportSettings, ImportSettingsSchema } from '../contract/imports';
import { MAX_FIELD_VALUE_LENGTH } from '../contract/leads';
import { describeLeads } from '../emulator/routes/describe';
import type { RestRequest } from '../emulator/rest-request';
import { FieldDescriptionSchema } from '../marketo/wire';
import { type ImportPlan, DuplicateKeys, checkRow, planImport } from './row-check';

// The emulator's describe.json, read the way the client reads Marketo's.
const FIELDS = z.array(FieldDescriptionSchema).parse(describeLeads({} as RestRequest).result);

function settings(mapping: (string | null)[], extra: Partial<ImportSettings> = {}) {
  return ImportSettingsSchema.parse({
    fileId: '00000000-0000-4000-8000-000000000000',
    partitionName: 'Mexico',
    mapping,
    ...extra,
  });
}

function planOf(
  columns: string[],
  mapping: (string | null)[],
  extra: Partial<ImportSettings> = {},
): ImportPlan {
  const planned = planImport(settings(mapping, extra), columns, FIELDS);
  if (planned.plan === undefined) throw new Error(`No plan: ${JSON.stringify(planned.problems)}`);
  return planned.plan;
}

describe('planImport', () => {
  it('plans the mapped columns with their field types and lengths, leaving unmapped ones out', () => {
    const planned = planImport(
      settings(['email', null, 'firstName', 'customerTier']),
      ['Email', 'Notes', 'First name', 'Tier'],
      FIELDS,
    );
    expect(planned).toEqual({
      plan: {
        action: 'createOrUpdate',
        lookupField: 'email',
        lookupColumn: 0,
        columnCount: 4,
        columns: [
          { index: 0, header: 'Email', field: 'email', dataType: 'email', length: 255 },
          { index: 2, header: 'First name', field: 'firstName', dataType: 'string', length: 255 },
          { index: 3, header: 'Tier', field: 'customerTier', dataType: 'integer' },
        ],
      },
      problems: [],
    });
  });

  const accepted: {
    name: string;
    columns: string[];
    mapping: (string | null)[];
    extra?: Partial<ImportSettings>;
  }[] = [
    {
      name: 'update by id',
      columns: ['Id', 'First'],
      mapping: ['id', 'firstName'],
      extra: { action: 'updateOnly', lookupField: 'id' },
    },
    {
      name: 'a standard lookup field',
      columns: ['Twitter'],
      mapping: ['twitterId'],
      extra: { lookupField: 'twitterId' },
    },
    {
      name: 'a custom text lookup field',
      columns: ['Customer', 'Email'],
      mapping: ['externalCustomerId', 'email'],
      extra: { lookupField: 'externalCustomerId', action: 'createOnly' },
    },
    {
      name: 'a custom whole-number lookup field',
      columns: ['Tier'],
      mapping: ['customerTier'],
      extra: { lookupField: 'customerTier' },
    },
    {
      name: 'a custom email lookup field',
      columns: ['Backup'],
      mapping: ['backupEmail'],
      extra: { lookupField: 'backupEmail' },
    },
  ];
  for (const { name, columns, mapping, extra } of accepted) {
    it(`accepts ${name}`, () => {
      expect(planImport(settings(mapping, extra), columns, FIELDS).problems).toEqual([]);
    });
  }

  const refused: {
    name: string;
    columns: string[];
    mapping: (string | null)[];
    extra?: Partial<ImportSettings>;
    problems: { column?: number; message: string }[];
  }[] = [
    {
      name: 'a mapping of another width than the header',
      columns: ['Email', 'First'],
      mapping: ['email'],
      problems: [{ message: 'The mapping has 1 entry, but the file has 2 columns' }],
    },
    {
      name: 'a field Marketo does not have',
      columns: ['Email', 'Fav color'],
      mapping: ['email', 'favColor'],
      problems: [
        { column: 1, message: 'Column "Fav color" is mapped to favColor, which is not a Marketo field' },
      ],
    },
    {
      name: 'a field name in the wrong case (REST names are exact)',
      columns: ['Email', 'First'],
      mapping: ['email', 'firstname'],
      problems: [
        { column: 1, message: 'Column "First" is mapped to firstname, which is not a Marketo field' },
      ],
    },
    {
      name: 'a read-only field',
      columns: ['Email', 'Created'],
      mapping: ['email', 'createdAt'],
      problems: [
        {
          column: 1,
          message: 'Column "Created" is mapped to createdAt, which is read-only: Marketo sets it',
        },
      ],
    },
    {
      name: 'the partition field',
      columns: ['Email', 'Partition'],
      mapping: ['email', 'leadPartitionId'],
      problems: [
        {
          column: 1,
          message:
            'Column "Partition" is mapped to leadPartitionId: an import puts every lead in the partition it names',
        },
      ],
    },
    {
      name: 'one field filled by two columns',
      columns: ['Email', 'First', 'Given name'],
      mapping: ['email', 'firstName', 'firstName'],
      problems: [
        { column: 2, message: 'Columns "First" and "Given name" both fill firstName; map only one of them' },
      ],
    },
    {
      name: 'no column for the lookup field',
      columns: ['First'],
      mapping: ['firstName'],
      problems: [{ message: 'Map a column to email, the lookup field' }],
    },
    {
      name: 'lookup by id to create',
      columns: ['Id'],
      mapping: ['id'],
      extra: { lookupField: 'id', action: 'createOrUpdate' },
      problems: [
        { message: 'Leads can be looked up by id only to update them: choose the action updateOnly' },
      ],
    },
    {
      name: 'an id column while looking up by email',
      columns: ['Email', 'Id'],
      mapping: ['email', 'id'],
      extra: { action: 'updateOnly' },
      problems: [
        {
          column: 1,
          message:
            'Column "Id" is mapped to id: a lead id may be sent only to update, with id as the lookup field',
        },
      ],
    },
    {
      name: 'a standard field Marketo cannot look leads up by',
      columns: ['First'],
      mapping: ['firstName'],
      extra: { lookupField: 'firstName' },
      problems: [
        {
          message:
            'Marketo cannot look leads up by firstName: choose email, or a custom text, email or whole-number field',
        },
      ],
    },
    {
      name: 'a custom field of a type Marketo cannot look leads up by',
      columns: ['Consent'],
      mapping: ['gdprConsent'],
      extra: { lookupField: 'gdprConsent' },
      problems: [
        {
          message:
            'Marketo cannot look leads up by gdprConsent: choose email, or a custom text, email or whole-number field',
        },
      ],
    },
    {
      name: 'a lookup field that is not a Marketo field',
      columns: ['Email'],
      mapping: ['email'],
      extra: { lookupField: 'favColor' },
      problems: [{ message: 'The lookup field favColor is not a Marketo field' }],
    },
    {
      name: 'no column mapped at all',
      columns: ['Email', 'First'],
      mapping: [null, null],
      problems: [{ message: 'Map at least one column to a Marketo field' }],
    },
    {
      name: 'several problems at once',
      columns: ['Email', 'Fav color', 'Updated'],
      mapping: [null, 'favColor', 'updatedAt'],
      problems: [
        { column: 1, message: 'Column "Fav color" is mapped to favColor, which is not a Marketo field' },
        {
          column: 2,
          message: 'Column "Updated" is mapped to updatedAt, which is read-only: Marketo sets it',
        },
        { message: 'Map a column to email, the lookup field' },
      ],
    },
  ];
  for (const { name, columns, mapping, extra, problems } of refused) {
    it(`refuses ${name}`, () => {
      const planned = planImport(settings(mapping, extra), columns, FIELDS);
      expect(planned.plan).toBeUndefined();
      // The proxy's words here; the codes the SPA words them by are checked below.
      expect(
        planned.problems.map(({ column, message }) => ({ ...(column !== undefined && { column }), message })),
      ).toEqual(problems);
    });
  }

  it('names each rule by its kind, with the field and the other column, for the SPA to word', () => {
    const twice = planImport(
      settings(['email', 'firstName', 'firstName']),
      ['Email', 'First', 'Given name'],
      FIELDS,
    );
    expect(twice.problems).toMatchObject([
      { column: 2, kind: 'filled_twice', field: 'firstName', otherColumn: 'First' },
    ]);
    const readOnly = planImport(settings(['email', 'createdAt']), ['Email', 'Created'], FIELDS);
    expect(readOnly.problems).toMatchObject([{ column: 1, kind: 'read_only', field: 'createdAt' }]);
    const noLookup = planImport(settings(['firstName']), ['First'], FIELDS);
    expect(noLookup.problems).toEqual([
      { kind: 'lookup_unmapped', field: 'email', message: 'Map a column to email, the lookup field' },
    ]);
    const narrow = planImport(settings(['email']), ['Email', 'First'], FIELDS);
    expect(narrow.problems.map((problem) => problem.kind)).toEqual(['mapping_length']);
  });
});

describe('checkRow', () => {
  const COLUMNS = [
    ['Email', 'email'],
    ['First name', 'firstName'],
    ['Employees', 'numberOfEmployees'],
    ['Revenue', 'annualRevenue'],
    ['Urgency', 'urgency'],
    ['Unsubscribed', 'unsubscribed'],
    ['Birthday', 'dateOfBirth'],
    ['Last webinar', 'lastWebinarAt'],
    ['Backup email', 'backupEmail'],
    ['Language', 'preferredLanguage'],
    ['Address', 'address'],
    ['Ignored', null],
  ] as const;
  const plan = planOf(
    COLUMNS.map(([header]) => header),
    COLUMNS.map(([, field]) => field),
  );
  type Header = (typeof COLUMNS)[number][0];
  /** A row with these cells filled and every other cell empty. */
  function row(cells: Partial<Record<Header, string>>): string[] {
    return COLUMNS.map(([header]) => cells[header] ?? '');
  }

  it('converts each type, trims cells and leaves empty cells out of the lead', () => {
    expect(
      checkRow(
        plan,
        row({
          Email: ' Ann@Example.com ',
          'First name': ' Ann ',
          Employees: '-42',
          Revenue: '1234.50',
          Urgency: '.5',
          Unsubscribed: 'Yes',
          Birthday: '2024-02-29',
          'Last webinar': '2026-05-01T10:00:00.123+02:00',
          Ignored: 'not sent',
        }),
      ),
    ).toEqual({
      ok: true,
      key: 's:ann@example.com',
      lead: {
        email: 'Ann@Example.com',
        firstName: 'Ann',
        numberOfEmployees: -42,
        annualRevenue: 1234.5,
        urgency: 0.5,
        unsubscribed: true,
        dateOfBirth: '2024-02-29',
        lastWebinarAt: '2026-05-01T10:00:00.123+02:00',
      },
    });
  });

  const valid: { header: Header; cell: string; value: unknown }[] = [
    { header: 'Employees', cell: '2147483647', value: 2_147_483_647 },
    { header: 'Employees', cell: '-2147483648', value: -2_147_483_648 },
    { header: 'Employees', cell: '007', value: 7 },
    { header: 'Revenue', cell: '-3', value: -3 },
    { header: 'Unsubscribed', cell: 'TRUE', value: true },
    { header: 'Unsubscribed', cell: 'false', value: false },
    { header: 'Unsubscribed', cell: 'no', value: false },
    { header: 'Unsubscribed', cell: '1', value: true },
    { header: 'Unsubscribed', cell: '0', value: false },
    { header: 'Last webinar', cell: '2026-05-01T10:00:00Z', value: '2026-05-01T10:00:00Z' },
    { header: 'Last webinar', cell: '2026-05-01T23:59-0500', value: '2026-05-01T23:59-0500' },
    { header: 'Language', cell: 'x'.repeat(40), value: 'x'.repeat(40) },
    {
      header: 'Address',
      cell: 'y'.repeat(MAX_FIELD_VALUE_LENGTH),
      value: 'y'.repeat(MAX_FIELD_VALUE_LENGTH),
    },
  ];
  for (const { header, cell, value } of valid) {
    it(`takes ${header} ${JSON.stringify(cell.slice(0, 30))}`, () => {
      const field = COLUMNS.find(([name]) => name === header)?.[1] ?? '';
      const checked = checkRow(plan, row({ Email: 'a@example.com', [header]: cell }));
      expect(checked).toMatchObject({ ok: true, lead: { [field]: value } });
    });
  }

  const problems: {
    name: string;
    cells: string[];
    problem: { kind: string; column?: string; message: string };
  }[] = [
    {
      name: 'too few cells',
      cells: ['a@example.com', 'Ann'],
      problem: { kind: 'column_count', message: 'The row has 2 cells, but the header has 12 columns' },
    },
    {
      name: 'too many cells',
      cells: [...row({ Email: 'a@example.com' }), 'extra'],
      problem: { kind: 'column_count', message: 'The row has 13 cells, but the header has 12 columns' },
    },
    {
      name: 'an empty lookup cell',
      cells: row({ 'First name': 'Ann' }),
      problem: {
        kind: 'missing_lookup',
        column: 'Email',
        message: 'Email is empty: every row needs its email to find or create its lead',
      },
    },
    {
      name: 'a lookup cell of spaces only',
      cells: row({ Email: '   ' }),
      problem: {
        kind: 'missing_lookup',
        column: 'Email',
        message: 'Email is empty: every row needs its email to find or create its lead',
      },
    },
    {
      name: 'a bad email in the lookup column',
      cells: row({ Email: 'bob@' }),
      problem: { kind: 'bad_email', column: 'Email', message: 'Email "bob@" is not a valid email address' },
    },
    {
      name: 'a non-ASCII email',
      cells: row({ Email: 'zoë@example.com' }),
      problem: {
        kind: 'bad_email',
        column: 'Email',
        message: 'Email "zoë@example.com" is not a valid email address',
      },
    },
    {
      name: 'two emails in one cell',
      cells: row({ Email: 'a@example.com,b@example.com' }),
      problem: {
        kind: 'bad_email',
        column: 'Email',
        message: 'Email "a@example.com,b@example.com" is not a valid email address',
      },
    },
    {
      name: 'a bad email in another email field',
      cells: row({ Email: 'a@example.com', 'Backup email': 'ann at example' }),
      problem: {
        kind: 'bad_email',
        column: 'Backup email',
        message: 'Backup email "ann at example" is not a valid email address',
      },
    },
    ...(
      [
        ['4.5', 'Employees "4.5" is not a whole number'],
        ['1,000', 'Employees "1,000" is not a whole number'],
        ['ten', 'Employees "ten" is not a whole number'],
        [
          '2147483648',
          'Employees "2147483648" is too large: a whole number field takes -2147483648 to 2147483647',
        ],
      ] as const
    ).map(([cell, message]) => ({
      name: `a whole number: ${cell}`,
      cells: row({ Email: 'a@example.com', Employees: cell }),
      problem: { kind: 'type_error', column: 'Employees', message },
    })),
    ...['1,5', '1 000', '1e3', '12.', '$12', 'NaN'].map((cell) => ({
      name: `a decimal number: ${cell}`,
      cells: row({ Email: 'a@example.com', Revenue: cell }),
      problem: {
        kind: 'type_error',
        column: 'Revenue',
        message: `Revenue "${cell}" is not a number (write it like 1234.5: a point for decimals, no thousands separators)`,
      },
    })),
    ...['maybe', 'y', 'on'].map((cell) => ({
      name: `a yes or no: ${cell}`,
      cells: row({ Email: 'a@example.com', Unsubscribed: cell }),
      problem: {
        kind: 'type_error',
        column: 'Unsubscribed',
        message: `Unsubscribed "${cell}" is not yes or no (write true/false, yes/no or 1/0)`,
      },
    })),
    ...['2026-5-1', '01/05/2026', '2026-05-01T10:00:00Z'].map((cell) => ({
      name: `a date: ${cell}`,
      cells: row({ Email: 'a@example.com', Birthday: cell }),
      problem: {
        kind: 'type_error',
        column: 'Birthday',
        message: `Birthday "${cell}" is not a date (write it as YYYY-MM-DD, like 2026-05-01)`,
      },
    })),
    ...['2026-02-30', '2023-02-29', '2026-13-01', '2026-00-10'].map((cell) => ({
      name: `a date that is not in the calendar: ${cell}`,
      cells: row({ Email: 'a@example.com', Birthday: cell }),
      problem: { kind: 'type_error', column: 'Birthday', message: `Birthday "${cell}" is not a real date` },
    })),
    ...[
      '2026-05-01',
      '2026-05-01T10:00:00',
      '2026-05-01 10:00:00Z',
      '2026-05-01T24:00:00Z',
      '1 May 2026',
    ].map((cell) => ({
      name: `a date and time: ${cell}`,
      cells: row({ Email: 'a@example.com', 'Last webinar': cell }),
      problem: {
        kind: 'type_error',
        column: 'Last webinar',
        message: `Last webinar "${cell}" is not a date and time (write it like 2026-05-01T10:00:00Z, or with an offset like +02:00)`,
      },
    })),
    {
      name: 'a date and time on a day that does not exist',
      cells: row({ Email: 'a@example.com', 'Last webinar': '2026-02-30T10:00:00Z' }),
      problem: {
        kind: 'type_error',
        column: 'Last webinar',
        message: 'Last webinar "2026-02-30T10:00:00Z" is not a real date',
      },
    },
    {
      name: 'text over the field length',
      cells: row({ Email: 'a@example.com', Language: 'x'.repeat(41) }),
      problem: {
        kind: 'too_long',
        column: 'Language',
        message: 'Language is 41 characters long; preferredLanguage takes at most 40',
      },
    },
    {
      name: 'text over the longest value Marketo takes, on a field with no length',
      cells: row({ Email: 'a@example.com', Address: 'y'.repeat(MAX_FIELD_VALUE_LENGTH + 1) }),
      problem: {
        kind: 'too_long',
        column: 'Address',
        message: `Address is ${MAX_FIELD_VALUE_LENGTH + 1} characters long; address takes at most ${MAX_FIELD_VALUE_LENGTH}`,
      },
    },
    {
      name: 'an email longer than its field',
      cells: row({ Email: `${'a'.repeat(250)}@example.com` }),
      problem: {
        kind: 'too_long',
        column: 'Email',
        message: 'Email is 262 characters long; email takes at most 255',
      },
    },
    {
      name: 'a long bad value, quoted back shortened',
      cells: row({ Email: 'a@example.com', Employees: '9'.repeat(60) }),
      problem: {
        kind: 'type_error',
        column: 'Employees',
        message: `Employees "${'9'.repeat(40)}…" is too large: a whole number field takes -2147483648 to 2147483647`,
      },
    },
    {
      name: 'two problems: the first column wins',
      cells: row({ Email: 'a@example.com', Employees: 'many', Birthday: 'yesterday' }),
      problem: { kind: 'type_error', column: 'Employees', message: 'Employees "many" is not a whole number' },
    },
  ];
  for (const { name, cells, problem } of problems) {
    it(`refuses ${name}`, () => {
      expect(checkRow(plan, cells)).toEqual({ ok: false, problem });
    });
  }

  it('keys emails by their lower case, so one lead in two spellings is found twice', () => {
    const email = planOf(['Email'], ['email']);
    const first = checkRow(email, ['Ann@Example.COM']);
    const second = checkRow(email, [' ann@example.com']);
    expect(first.ok && second.ok && first.key === second.key).toBe(true);
    expect(checkRow(email, ['bob@example.com'])).toMatchObject({ key: 's:bob@example.com' });
  });

  it('keys numbers canonically and refuses an id that is no lead id', () => {
    const byId = planOf(['Id', 'First'], ['id', 'firstName'], { action: 'updateOnly', lookupField: 'id' });
    expect(checkRow(byId, ['007', 'Ann'])).toEqual({
      ok: true,
      key: 'n:7',
      lead: { id: 7, firstName: 'Ann' },
    });
    expect(checkRow(byId, ['7', ''])).toEqual({ ok: true, key: 'n:7', lead: { id: 7 } });
    for (const cell of ['0', '-1', '1.5', '2147483648', 'abc']) {
      expect(checkRow(byId, [cell, ''])).toEqual({
        ok: false,
        problem: {
          kind: 'type_error',
          column: 'Id',
          message: `Id "${cell}" is not a lead id (a whole number from 1 to 2147483647)`,
        },
      });
    }
    const byTier = planOf(['Tier'], ['customerTier'], { lookupField: 'customerTier' });
    expect(checkRow(byTier, ['01'])).toMatchObject({ ok: true, key: 'n:1', lead: { customerTier: 1 } });
  });

  it('refuses a text lookup value with a comma (Marketo could not look it up)', () => {
    const byTwitter = planOf(['Twitter', 'First'], ['twitterId', 'firstName'], { lookupField: 'twitterId' });
    expect(checkRow(byTwitter, ['ann,bob', 'Ann'])).toEqual({
      ok: false,
      problem: {
        kind: 'type_error',
        column: 'Twitter',
        message: 'Twitter "ann,bob" cannot be used to find a lead: a lookup value cannot contain a comma',
      },
    });
    // A comma is fine in any other column.
    expect(checkRow(byTwitter, ['@ann', 'Ann, Jr.'])).toMatchObject({ ok: true, key: 's:@ann' });
  });
});

describe('DuplicateKeys', () => {
  it('answers the row that had a key first, and nothing for a new key', () => {
    const keys = new DuplicateKeys();
    expect(keys.see('s:a@example.com', 2)).toBeUndefined();
    expect(keys.see('s:b@example.com', 3)).toBeUndefined();
    expect(keys.see('s:a@example.com', 7)).toBe(2);
    expect(keys.see('s:a@example.com', 9)).toBe(2);
    expect(keys.see('n:1', 10)).toBeUndefined();
  });
});
