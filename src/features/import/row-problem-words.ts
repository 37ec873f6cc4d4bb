import type { IntlShape } from 'react-intl';
import { RowProblemKindSchema } from '../../../server/contract/imports';
import type { RowProblemKind } from '../../../server/contract/imports';
import type { MessageId } from '../../i18n/message-ids';
import type { Locale } from '../../i18n/locales';

const SENTENCES: Record<RowProblemKind, MessageId> = {
  bad_email: 'import.rowProblem.bad_email',
  missing_lookup: 'import.rowProblem.missing_lookup',
  type_error: 'import.rowProblem.type_error',
  too_long: 'import.rowProblem.too_long',
  duplicate_key: 'import.rowProblem.duplicate_key',
  column_count: 'import.rowProblem.column_count',
};

/**
 * What is wrong with a row the check refused. The proxy's sentence names the value and the rule, but in
 * English only: in English it is shown as is, in any other language the problem's kind is worded instead.
 */
export function rowProblemWords(
  intl: IntlShape,
  locale: Locale,
  problem: { kind: string; message: string },
): string {
  const kind = RowProblemKindSchema.safeParse(problem.kind);
  if (locale === 'en' || !kind.success) return problem.message;
  return intl.formatMessage({ id: SENTENCES[kind.data] });
}
