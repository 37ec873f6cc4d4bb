// An import job's item sums its entries a part at a time (only the entries since the last read): the sums must
// equal a fresh count over every entry, however the reads fall.
import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../contract/activity';
import { ConsoleAuditRepo, type AuditFilter, type NewAuditEntry } from './audit-repo';
import { openConsoleDb } from './database';

const user = { id: 1, email: 'ana@example.com' };

function chunk(jobId: string, first: number, statuses: string[]): NewAuditEntry {
  const leads = statuses.map((status, offset) => ({ index: first + offset, leadId: first + offset, status }));
  return {
    user,
    action: 'import',
    importJobId: jobId,
    partitions: ['Mexico'],
    leadIds: leads.map((lead) => lead.leadId),
    outcome: 'success',
    leads,
    requestIds: [`r${first}`],
    summary: 'chunk',
  };
}

const everyone: AuditFilter = { visiblePartitions: 'all', readerUserId: 1 };
const job = (items: ActivityEntry[]) => items.find((item) => item.importJob?.id === 'job-1');

describe('an import item’s sums', () => {
  it('add up the same whether read once at the end or after every entry', async () => {
    const repo = new ConsoleAuditRepo(await openConsoleDb({ sqliteFile: ':memory:' }));
    const appends: NewAuditEntry[] = [
      chunk('job-1', 2, ['created', 'created', 'skipped']),
      // A reason quoting a status key is not counted as one.
      {
        ...chunk('job-1', 5, ['updated', 'failed']),
        leads: [{ index: 5, status: 'failed', reason: '"status":"created"' }],
      },
      chunk('job-1', 7, ['written', 'mystery']),
      chunk('job-1', 9, ['created']),
    ];
    for (const entry of appends) {
      await repo.append(entry);
      await repo.append({ ...entry, action: 'lead.write', importJobId: undefined, summary: 'between' });
      job(await repo.items(everyone, 50)); // each read keeps the sums so far
    }
    const stepwise = job(await repo.items(everyone, 50))?.importJob;
    // Another filter: nothing kept for it, so summed at once.
    const atOnce = job(await repo.items({ ...everyone, partition: 'Mexico' }, 50))?.importJob;
    expect(stepwise).toEqual(atOnce);
    expect(stepwise).toMatchObject({
      entries: 4,
      statusCounts: { created: 3, skipped: 1, failed: 1, written: 1, mystery: 1 },
      leadCount: 8,
    });
  });
});
