import type { IntlShape } from 'react-intl';

/** A column as people see it: its header, or its position when the header cell is empty. */
export function columnName(intl: IntlShape, header: string, index: number): string {
  return header.trim() === ''
    ? intl.formatMessage({ id: 'import.column.noHeader' }, { position: index + 1 })
    : header;
}
