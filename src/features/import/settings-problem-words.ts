import type { IntlShape } from 'react-intl';
import type { SettingsProblem, SettingsProblemKind } from '../../../server/contract/imports';
import type { MessageId } from '../../i18n/message-ids';
import type { Locale } from '../../i18n/locales';

const SENTENCES: Record<SettingsProblemKind, MessageId> = {
  mapping_length: 'import.settingsProblem.mapping_length',
  not_a_field: 'import.settingsProblem.not_a_field',
  filled_twice: 'import.settingsProblem.filled_twice',
  id_needs_id_lookup: 'import.settingsProblem.id_needs_id_lookup',
  partition_field: 'import.settingsProblem.partition_field',
  read_only: 'import.settingsProblem.read_only',
  nothing_mapped: 'import.settingsProblem.nothing_mapped',
  id_lookup_needs_update: 'import.settingsProblem.id_lookup_needs_update',
  lookup_not_a_field: 'import.settingsProblem.lookup_not_a_field',
  lookup_unsupported: 'import.settingsProblem.lookup_unsupported',
  lookup_unmapped: 'import.settingsProblem.lookup_unmapped',
};

/**
 * What blocks the import's start. As with row problems (row-problem-words.ts), English shows the proxy's own
 * sentence, and any other language the rule's kind, with the field and the other column it names.
 */
export function settingsProblemWords(intl: IntlShape, locale: Locale, problem: SettingsProblem): string {
  if (locale === 'en' || problem.kind === undefined) return problem.message;
  return intl.formatMessage(
    { id: SENTENCES[problem.kind] },
    { field: problem.field ?? '', other: problem.otherColumn ?? '' },
  );
}
