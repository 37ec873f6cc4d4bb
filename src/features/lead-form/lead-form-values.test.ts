import { describe, expect, it } from 'vitest';
import { aLead } from '../../testing/fixtures';
import { createDefaults, onlyChanged, toLeadWriteRequest, updateDefaults } from './lead-form-values';

const types = new Map([
  ['unsubscribed', 'boolean'],
  ['annualRevenue', 'currency'],
  ['numberOfEmployees', 'integer'],
  ['lastContacted', 'datetime'],
  ['dateOfBirth', 'date'],
]);

describe('toLeadWriteRequest', () => {
  it('types each value by its field, and leaves empty inputs out', () => {
    const values = {
      ...createDefaults('Mexico'),
      extraFields: ['unsubscribed', 'annualRevenue', 'numberOfEmployees', 'lastContacted', 'dateOfBirth'],
      leads: [
        {
          email: ' ana@example.mx ',
          firstName: '',
          unsubscribed: 'false',
          annualRevenue: '1250.50',
          numberOfEmployees: '40',
          lastContacted: '2026-11-29T10:30',
          dateOfBirth: '1990-02-01',
        },
      ],
    };
    const { request, issues } = toLeadWriteRequest(values, types);
    expect(issues).toEqual([]);
    expect(request).toEqual({
      partitionName: 'Mexico',
      action: 'createOrUpdate',
      lookupField: 'email',
      leads: [
        {
          email: 'ana@example.mx',
          unsubscribed: false,
          annualRevenue: 1250.5,
          numberOfEmployees: 40,
          lastContacted: new Date('2026-11-29T10:30').toISOString(),
          dateOfBirth: '1990-02-01',
        },
      ],
    });
  });

  it('names the inputs whose text does not fit the type, and asks for a partition to create', () => {
    const values = {
      ...createDefaults(''),
      extraFields: ['numberOfEmployees', 'annualRevenue'],
      leads: [{ email: 'a@example.com', numberOfEmployees: '4.5', annualRevenue: 'lots' }],
    };
    expect(toLeadWriteRequest(values, types).issues).toEqual([
      { path: 'leads.0.numberOfEmployees', messageId: 'validation.wholeNumber' },
      { path: 'leads.0.annualRevenue', messageId: 'validation.number' },
      { path: 'partitionName', messageId: 'validation.partition.required' },
    ]);
  });

  it('sends no partition when only updating, and the id as a number', () => {
    const values = { ...updateDefaults(aLead()), partitionName: 'Canada' };
    const { request, issues } = toLeadWriteRequest(values, types);
    expect(issues).toEqual([]);
    expect(request).not.toHaveProperty('partitionName');
    expect(request.leads[0]).toMatchObject({ id: 318816, email: 'ana@example.mx' });
  });
});

describe('onlyChanged', () => {
  it('keeps the lookup key and what the user changed', () => {
    const initial = updateDefaults(aLead());
    const current = { ...initial, leads: [{ ...initial.leads[0], lastName: 'Ruiz' }] };
    const { request } = toLeadWriteRequest(current, types);
    expect(onlyChanged(request, current, initial).leads).toEqual([{ id: 318816, lastName: 'Ruiz' }]);
  });

  it('leaves creates alone', () => {
    const values = { ...createDefaults('Mexico'), leads: [{ email: 'a@example.com' }] };
    const { request } = toLeadWriteRequest(values, types);
    expect(onlyChanged(request, values, values)).toBe(request);
  });
});
