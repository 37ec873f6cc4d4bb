// CSV files for the import specs, built per test so their emails never meet another test's leads.

export interface ImportFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
  rows: number;
  /** Spreadsheet row numbers (header = 1) of rows the check must skip, with the words it should use. */
  badRows: Map<number, RegExp>;
}

/**
 * `rows` data rows with the header "Email Address, First Name, Last Name, Company" (matched to Marketo fields by
 * display name and REST name): every 100th row has a broken email, and the last row repeats the first one's email.
 */
export function leadsFile(rows: number, tag: string): ImportFile {
  const lines = ['Email Address,First Name,Last Name,Company'];
  const badRows = new Map<number, RegExp>();
  for (let n = 1; n <= rows; n++) {
    const row = n + 1;
    let email = `${tag}.${n}@example.com`;
    if (n % 100 === 50) {
      email = `${tag}.${n}-at-example.com`;
      badRows.set(row, /not a valid email/i);
    }
    if (n === rows) {
      email = `${tag}.1@example.com`;
      badRows.set(row, /same email as row 2/i);
    }
    lines.push(`${email},Ana ${n},"Núñez, Jr.",Importadora ${n % 7}`);
  }
  return {
    name: `${tag}.csv`,
    mimeType: 'text/csv',
    buffer: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'),
    rows,
    badRows,
  };
}
