import { describe, expect, it } from 'vitest';
import type { MarketoApi, MarketoLead } from '../marketo/types';
import { UNKNOWN_PARTITION, writtenPartitions } from './written-partitions';

const PARTITIONS = [
  { id: 1, name: 'Default' },
  { id: 2, name: 'Mexico' },
  { id: 3, name: 'Canada' },
];

const finding = (leads: MarketoLead[]) =>
  ({ getLeadsByFilter: () => Promise.resolve(leads) }) as unknown as MarketoApi;

describe('writtenPartitions', () => {
  it('names where the touched leads live, each once', async () => {
    const marketo = finding([
      { id: 1, leadPartitionId: 3 },
      { id: 2, leadPartitionId: 3 },
      { id: 3, leadPartitionId: 2 },
    ]);
    expect(await writtenPartitions(marketo, PARTITIONS, [1, 2, 3], 'Mexico', [])).toEqual([
      'Canada',
      'Mexico',
    ]);
  });

  it('names the write’s partition when no lead was touched, without a call', async () => {
    const marketo = {
      getLeadsByFilter: () => Promise.reject(new Error('not called')),
    } as unknown as MarketoApi;
    expect(await writtenPartitions(marketo, PARTITIONS, [], 'Mexico', [])).toEqual(['Mexico']);
  });

  it('falls back to the caller’s best knowledge when the read-back fails', async () => {
    const marketo = { getLeadsByFilter: () => Promise.reject(new Error('down')) } as unknown as MarketoApi;
    expect(await writtenPartitions(marketo, PARTITIONS, [5], 'Mexico', [UNKNOWN_PARTITION])).toEqual([
      UNKNOWN_PARTITION,
    ]);
  });
});
