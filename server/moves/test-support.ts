// Shared by the bulk move tests: leads seeded straight through the Marketo client, a move made and watched over
// real HTTP, and the emulator's leads by id.
import type { MoveJob, MoveRow } from '../contract/moves';
import type { ApiClient, TestStack } from '../test-helpers';

/** Creates `count` leads `<prefix>-<n>@<domain>` in `partition`; answers their ids in order. */
export async function seedLeads(
  stack: TestStack,
  count: number,
  domain: string,
  partition: string,
  prefix = 'lead',
): Promise<number[]> {
  const input = Array.from({ length: count }, (_unused, n) => ({ email: `${prefix}-${n}@${domain}` }));
  const outcomes = await stack.marketo.syncLeads({
    action: 'createOnly',
    lookupField: 'email',
    partitionName: partition,
    input,
  });
  return outcomes.map((outcome) => {
    if (outcome.id === undefined) throw new Error(`seed failed: ${JSON.stringify(outcome)}`);
    return outcome.id;
  });
}

/** Posts a move and answers the job once its preview is done. */
export async function previewMove(
  client: ApiClient,
  body: { target: string; kind: 'id' | 'email'; text: string },
): Promise<MoveJob> {
  const created = await client.inject({ method: 'POST', url: '/api/moves', payload: body });
  if (created.statusCode !== 201) throw new Error(`move refused: ${created.statusCode} ${created.body}`);
  return untilState(client, created.json<MoveJob>().id, ['previewed', 'failed', 'cancelled']);
}

/** Polls the job until it is in one of `states` (bounded by the test's timeout, never by a timed assertion). */
export async function untilState(
  client: ApiClient,
  id: string,
  states: readonly MoveJob['state'][],
): Promise<MoveJob> {
  for (;;) {
    const job = (await client.inject(`/api/moves/${id}`)).json<MoveJob>();
    if (states.includes(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function finishedMove(client: ApiClient, id: string): Promise<MoveJob> {
  return untilState(client, id, ['completed', 'failed', 'cancelled']);
}

export async function moveRows(
  client: ApiClient,
  id: string,
  status?: MoveRow['status'],
): Promise<MoveRow[]> {
  const rows: MoveRow[] = [];
  for (let offset = 0; ; offset += 500) {
    const query = `offset=${offset}&limit=500${status ? `&status=${status}` : ''}`;
    const page = (await client.inject(`/api/moves/${id}/rows?${query}`)).json<{ rows: MoveRow[] }>();
    rows.push(...page.rows);
    if (page.rows.length < 500) return rows;
  }
}

/** The emulator's partition id of each lead, by lead id. */
export async function partitionsOf(stack: TestStack): Promise<Map<number, number>> {
  return new Map((await stack.control.leads()).map((lead) => [lead.id, lead.leadPartitionId]));
}
