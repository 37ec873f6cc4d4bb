import { describe, expect, it } from 'vitest';
import type { UpstreamRequest } from './http';
import { filterPageRequest, MAX_GET_URL_LENGTH, readLeadsByFilter } from './lead-filter';
import type { Envelope } from './wire';

const base = 'https://123-ABC-456.mktorest.com';

describe('filterPageRequest', () => {
  it('sends short queries as GET', () => {
    expect(filterPageRequest(base, { filterType: 'email', filterValues: 'a@x.com' })).toEqual({
      method: 'GET',
      path: 'rest/v1/leads.json',
      searchParams: { filterType: 'email', filterValues: 'a@x.com' },
      idempotent: true,
    });
  });

  it('sends long queries as POST ?_method=GET with a form body', () => {
    const values = Array.from({ length: 300 }, (_, i) => `someone.with.a.long.name${i}@example.com`).join(
      ',',
    );
    const request = filterPageRequest(base, { filterType: 'email', filterValues: values });
    expect(values.length).toBeGreaterThan(MAX_GET_URL_LENGTH);
    expect(request.method).toBe('POST');
    expect(request.searchParams).toEqual({ _method: 'GET' });
    expect(request.form?.get('filterValues')).toBe(values);
  });
});

describe('readLeadsByFilter', () => {
  it('splits values by 300, follows nextPageToken, and returns each lead once', async () => {
    const seen: UpstreamRequest[] = [];
    const call = (request: UpstreamRequest): Promise<Envelope> => {
      seen.push(request);
      const params = request.searchParams?.filterValues
        ? request.searchParams
        : Object.fromEntries(request.form ?? []);
      const values = (params.filterValues ?? '').split(',');
      if (params.nextPageToken === 'p2') return Promise.resolve({ success: true, result: [{ id: 2 }] });
      if (values.length === 1) return Promise.resolve({ success: true, result: [{ id: 1 }] });
      return Promise.resolve({ success: true, result: [{ id: 1 }], moreResult: true, nextPageToken: 'p2' });
    };
    const values = Array.from({ length: 301 }, (_, i) => String(i + 1));
    const leads = await readLeadsByFilter(call, 'http://x', 'id', [...values, '1'], ['email']);
    expect(leads).toEqual([{ id: 1 }, { id: 2 }]);
    expect(seen).toHaveLength(3);
    expect(seen.every((r) => (r.searchParams?.fields ?? r.form?.get('fields')) === 'email')).toBe(true);
  });

  it('refuses a value containing a comma before any call, rather than search for two values', async () => {
    let calls = 0;
    const call = (): Promise<Envelope> => {
      calls++;
      return Promise.resolve({ success: true, result: [{ id: 7 }] });
    };
    const read = readLeadsByFilter(call, base, 'email', ['a@x.com', 'x,jordan.reyes@example.com']);
    await expect(read).rejects.toThrow(RangeError);
    await expect(read).rejects.toThrow(/comma/);
    expect(calls).toBe(0);
  });

  it('asks nothing for no values', async () => {
    expect(await readLeadsByFilter(() => Promise.reject(new Error('no')), base, 'email', [])).toEqual([]);
  });
});
