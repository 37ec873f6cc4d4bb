import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { fakeImportApi } from '../features/import/testing/fake-import-api';
import { anImportJob, fileId } from '../features/import/testing/import-fixtures';
import { IDEMPOTENCY_HEADER } from './client';
import { importListPollMs, importPollMs, importQueries, startImport } from './imports';

const running = { state: 'running', message: null } as const;
const waiting = { state: 'running', message: 'Waiting for Marketo: the daily quota is used up.' } as const;
const done = { state: 'completed', message: null } as const;

describe('how often an import is asked about again', () => {
  it('every second while it moves, every 10 s while it waits with a message, never once it is over', () => {
    expect(importPollMs(running)).toBe(1_000);
    expect(importPollMs({ state: 'cancelling', message: null })).toBe(1_000);
    expect(importPollMs(waiting)).toBe(10_000);
    expect(importPollMs(done)).toBe(false);
    // A failed job keeps its message, and is over all the same.
    expect(importPollMs({ state: 'failed', message: 'Marketo refused the import' })).toBe(false);
    expect(importPollMs(undefined)).toBe(false);
  });

  it('the list: as often as its liveliest job needs', () => {
    expect(importListPollMs([done, waiting, running])).toBe(1_000);
    expect(importListPollMs([done, waiting])).toBe(10_000);
    expect(importListPollMs([done])).toBe(false);
    expect(importListPollMs(undefined)).toBe(false);
  });

  it('is what the job and list queries use', () => {
    const client = new QueryClient();
    const job = importQueries.job('j1');
    const list = importQueries.list();
    client.setQueryData(job.queryKey, anImportJob(waiting));
    client.setQueryData(list.queryKey, [anImportJob(done), anImportJob(running)]);
    const interval = (options: { queryKey: readonly unknown[]; refetchInterval?: unknown }) => {
      const query = client.getQueryCache().find({ queryKey: options.queryKey, exact: true });
      return typeof options.refetchInterval === 'function'
        ? (options.refetchInterval as (query: unknown) => unknown)(query)
        : undefined;
    };
    expect(interval(job)).toBe(10_000);
    expect(interval(list)).toBe(1_000);
  });
});

describe('starting an import', () => {
  it('carries an Idempotency-Key, kept for a repeat after no answer, so a lost answer cannot start two jobs', async () => {
    let connectionDown = true;
    const api = fakeImportApi({
      'POST /api/imports': () => {
        if (connectionDown) throw new TypeError('Failed to fetch');
        return anImportJob();
      },
    });
    const settings = { fileId, partitionName: 'Mexico', mapping: ['email'] };
    await expect(startImport(settings)).rejects.toMatchObject({ code: 'network' });
    connectionDown = false;
    await startImport(settings);
    await startImport(settings);
    const [lost, repeated, afterAnswer] = api.calls.map((call) => call.headers.get(IDEMPOTENCY_HEADER));
    expect(lost).toMatch(/^[\x20-\x7e]{1,200}$/);
    expect(repeated).toBe(lost);
    expect(afterAnswer).not.toBe(repeated);
  });
});
