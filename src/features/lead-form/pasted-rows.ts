/**
 * Spreadsheet rows pasted as text: tab-separated (what Excel and Sheets put on the clipboard) or comma-separated
 * with CSV quoting. `undefined` when the text is a single line, which is just a value.
 */
export function parsePastedRows(text: string): string[][] | undefined {
  const delimiter = text.includes('\t') ? '\t' : ',';
  const rows = splitRecords(text, delimiter).filter((row) => row.some((cell) => cell.trim() !== ''));
  return rows.length > 1 ? rows.map((row) => row.map((cell) => cell.trim())) : undefined;
}

// Quotes may hold delimiters and line breaks (a spreadsheet cell with Alt+Enter), so lines cannot be split first.
function splitRecords(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at];
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') {
        cell += '"';
        at += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === delimiter) {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[at + 1] === '\n') at += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  row.push(cell);
  rows.push(row);
  return rows;
}

/**
 * Fills lead rows from pasted rows: the first column goes to `fieldNames[0]` (the field pasted into), the next to
 * the field shown after it, and so on; the first pasted row lands on `startRow`. Cells beyond the last field are
 * dropped; rows beyond the form's become new leads.
 */
export function fillRows(
  leads: readonly Record<string, string>[],
  startRow: number,
  fieldNames: readonly string[],
  pasted: readonly string[][],
): Record<string, string>[] {
  const filled = leads.map((lead) => ({ ...lead }));
  pasted.forEach((cells, offset) => {
    const lead = { ...(filled[startRow + offset] ?? {}) };
    fieldNames.forEach((name, column) => {
      const cell = cells[column];
      if (cell !== undefined) lead[name] = cell;
    });
    filled[startRow + offset] = lead;
  });
  return filled;
}
