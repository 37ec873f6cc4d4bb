import type { IntlShape } from 'react-intl';
import type { LeadHistoryEvent } from '../../../server/contract/lead-history';
import type { MessageId } from '../../i18n/message-ids';

/** A partition as the history names it: `null` is one outside the reader's grants (server/leads/lead-history.ts). */
export function partitionWords(intl: IntlShape, name: string | null): string {
  return name ?? intl.formatMessage({ id: 'history.anotherPartition' });
}

/** "Moved from Mexico to Canada", "Created in another partition". */
export function eventWords(intl: IntlShape, event: LeadHistoryEvent): string {
  const from = event.from === undefined ? undefined : partitionWords(intl, event.from);
  const to = event.to === undefined ? undefined : partitionWords(intl, event.to);
  if (event.kind === 'created') {
    return to === undefined
      ? intl.formatMessage({ id: 'history.created' })
      : intl.formatMessage({ id: 'history.createdIn' }, { to });
  }
  if (from !== undefined && to !== undefined)
    return intl.formatMessage({ id: 'history.movedFromTo' }, { from, to });
  if (from !== undefined) return intl.formatMessage({ id: 'history.movedFrom' }, { from });
  if (to !== undefined) return intl.formatMessage({ id: 'history.movedTo' }, { to });
  return intl.formatMessage({ id: 'history.moved' });
}

/** Who did it: a console user, or someone Marketo knows of but the console does not (a flow, an integration). */
export function actorWords(intl: IntlShape, event: LeadHistoryEvent): string {
  return event.by ? event.by.email : intl.formatMessage({ id: 'history.outside' });
}

const SOURCE_WORDS: Record<LeadHistoryEvent['recordedBy'][number], MessageId> = {
  marketo: 'history.source.marketo',
  console: 'history.source.console',
};

export function sourceWords(intl: IntlShape, event: LeadHistoryEvent): string {
  return intl.formatList(event.recordedBy.map((source) => intl.formatMessage({ id: SOURCE_WORDS[source] })));
}
