/** A column as people see it: its header, or its position when the header cell is empty. */
export function columnName(header: string, index: number): string {
  return header.trim() === '' ? `${index + 1} (no header)` : header;
}
