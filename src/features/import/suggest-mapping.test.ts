import { describe, expect, it } from 'vitest';
import type { Field } from '../../../server/contract/fields';
import { IMPORT_RESULT_COLUMNS } from '../../../server/contract/reason-words';
import { suggestMapping } from './suggest-mapping';

const field = (name: string, displayName: string): Field => ({
  name,
  displayName,
  dataType: 'string',
  readOnly: false,
});

const fields: Field[] = [
  field('email', 'Email Address'),
  field('firstName', 'First Name'),
  field('lastName', 'Last Name'),
  field('company', 'Company Name'),
  field('phone', 'Phone Number'),
  field('title', 'Job Title'),
  field('numberOfEmployees', 'Number of Employees'),
  field('mobilePhone', 'Mobile Phone Number'),
];

describe('suggestMapping', () => {
  it('matches REST names whatever their case, spaces, underscores or punctuation', () => {
    expect(suggestMapping(['EMAIL', 'first_name', 'Last-Name', 'number of employees'], fields)).toEqual([
      'email',
      'firstName',
      'lastName',
      'numberOfEmployees',
    ]);
  });

  it('matches display names', () => {
    expect(suggestMapping(['Company Name', 'Mobile phone number', 'job title'], fields)).toEqual([
      'company',
      'mobilePhone',
      'title',
    ]);
  });

  it('knows the usual other words for the six standard fields', () => {
    expect(
      suggestMapping(['E-mail', 'Given name', 'Surname', 'Organisation', 'Telephone', 'Position'], fields),
    ).toEqual(['email', 'firstName', 'lastName', 'company', 'phone', 'title']);
  });

  it('ignores accents', () => {
    expect(suggestMapping(['Émail'], fields)).toEqual(['email']);
  });

  it('never maps two columns to one field, and the stronger match wins', () => {
    expect(suggestMapping(['Mail', 'Email', 'e_mail'], fields)).toEqual([null, 'email', null]);
    expect(suggestMapping(['Email Address', 'Mail'], fields)).toEqual(['email', null]);
  });

  it('leaves unknown headers and empty headers unmapped', () => {
    expect(suggestMapping(['Favourite colour', '', 'email'], fields)).toEqual([null, null, 'email']);
  });

  it('offers only the fields it is given (read-only ones are left out by the caller)', () => {
    expect(suggestMapping(['Email', 'Created At'], [field('email', 'Email')])).toEqual(['email', null]);
  });

  it('leaves the columns a results download adds unmapped, even when a field bears their name', () => {
    const lookalikes = [
      ...fields,
      field('id', 'Id'),
      field('marketoLeadId', 'Marketo Lead Id'),
      field('importStatus', 'Import Status'),
      field('importReason', 'Import reason'),
    ];
    const header = ['Email Address', 'First Name', ...IMPORT_RESULT_COLUMNS];
    expect(header.slice(-3)).toEqual(['Marketo lead id', 'Import status', 'Import reason']);
    expect(suggestMapping(header, lookalikes)).toEqual(['email', 'firstName', null, null, null]);
    // Whatever their case or spacing.
    expect(suggestMapping(['MARKETO LEAD ID', 'import_status'], lookalikes)).toEqual([null, null]);
  });

  it('keeps a results column the user mapped by hand before (remembered)', () => {
    expect(
      suggestMapping(['Email', 'Marketo lead id'], [...fields, field('id', 'Id')], { marketoleadid: 'id' }),
    ).toEqual(['email', 'id']);
  });

  it('puts remembered choices first, including a column the user chose to leave out', () => {
    const remembered = { correo: 'email', email: 'mobilePhone', phone: null };
    expect(suggestMapping(['Correo', 'Email', 'Phone', 'Surname'], fields, remembered)).toEqual([
      'email',
      'mobilePhone',
      null,
      'lastName',
    ]);
  });

  it('drops a remembered field that is no longer writable or already taken', () => {
    expect(suggestMapping(['Correo', 'Mail'], fields, { correo: 'gone', mail: 'email' })).toEqual([
      null,
      'email',
    ]);
    expect(suggestMapping(['A', 'B'], fields, { a: 'email', b: 'email' })).toEqual(['email', null]);
  });
});
