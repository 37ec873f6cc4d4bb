import { describe, expect, it } from 'vitest';
import type { MarketoApi, MarketoLead } from '../marketo/types';
import type { UserRecord } from '../store/users-repo';
import type { ParsedLeadWriteRequest } from '../contract/leads';
import { screenWrite } from './write-screen';

const user = { partitions: [2] } as unknown as UserRecord;
const fields = [{ id: 1, displayName: 'Code', dataType: 'string', rest: { name: 'code', readOnly: false } }];

function marketoFinding(matches: MarketoLead[]): MarketoApi {
  return { getLeadsByFilter: () => Promise.resolve(matches) } as unknown as MarketoApi;
}

const body = (codes: string[]): ParsedLeadWriteRequest => ({
  action: 'updateOnly',
  lookupField: 'code',
  leads: codes.map((code) => ({ code })),
});

describe('screenWrite', () => {
  it('blocks every keyed line when a match outside the grants cannot be tied to one', async () => {
    // Marketo matched "A-1" and "B-2" to a lead whose stored value reads like neither (say, a collation rule).
    const marketo = marketoFinding([
      { id: 5, code: 'A-1', leadPartitionId: 2 },
      { id: 9, code: 'something else', leadPartitionId: 3 },
    ]);
    const screen = await screenWrite(user, marketo, body(['A-1', 'B-2']), fields);
    expect([...screen.blocked]).toEqual([0, 1]);
  });

  it('lets a line through whose matches all live inside the grants', async () => {
    const marketo = marketoFinding([{ id: 5, code: 'a-1', leadPartitionId: 2 }]);
    const screen = await screenWrite(user, marketo, body(['A-1', 'B-2']), fields);
    expect([...screen.blocked]).toEqual([]);
    expect([...screen.matchedInside]).toEqual([0]);
  });
});
