import type { LeadHistoryEvent } from '../../../server/contract/lead-history';

/** A partition as the history names it: `null` is one outside the reader's grants (server/leads/lead-history.ts). */
export function partitionWords(name: string | null): string {
  return name ?? 'another partition';
}

/** "Moved from Mexico to Canada", "Created in another partition". */
export function eventWords(event: LeadHistoryEvent): string {
  if (event.kind === 'created') {
    return event.to === undefined ? 'Created' : `Created in ${partitionWords(event.to)}`;
  }
  const from = event.from === undefined ? '' : ` from ${partitionWords(event.from)}`;
  const to = event.to === undefined ? '' : ` to ${partitionWords(event.to)}`;
  return `Moved${from}${to}`;
}

/** Who did it: a console user, or someone Marketo knows of but the console does not (a flow, an integration). */
export function actorWords(event: LeadHistoryEvent): string {
  return event.by ? event.by.email : 'Outside the console';
}

export function sourceWords(event: LeadHistoryEvent): string {
  const names = { marketo: 'Marketo', console: 'console audit' } as const;
  return event.recordedBy.map((source) => names[source]).join(' and ');
}
