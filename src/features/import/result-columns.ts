import { headerKey } from './header-key';

const SHOWN_COLUMNS = 4;

/** Which input columns the results table shows: the email column first (it names the lead), then the next few. */
export function resultColumns(columns: readonly string[]): number[] {
  const indexes = columns.map((_column, index) => index);
  const email = indexes.find((index) => headerKey(columns[index] ?? '').includes('mail'));
  const rest = indexes.filter((index) => index !== email);
  return (email === undefined ? rest : [email, ...rest]).slice(0, SHOWN_COLUMNS);
}
