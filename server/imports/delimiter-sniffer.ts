// Which delimiter a CSV file uses, guessed from its header line before the parser is set up for it.
import type { ImportDelimiter } from '../contract/imports';

const CANDIDATES: readonly ImportDelimiter[] = [',', ';', '\t'];

/**
 * Counts the candidate delimiters in the first record's text, outside quotes, up to its first line break outside
 * quotes. A header whose quote never closes stops being read after `maxChars`; the parser then says why.
 */
export class HeaderSniffer {
  complete = false;
  private inQuotes = false;
  private seen = 0;
  private readonly counts = new Map<string, number>(CANDIDATES.map((candidate) => [candidate, 0]));

  constructor(private readonly maxChars: number) {}

  feed(text: string): void {
    for (const char of text) {
      if (char === '"') this.inQuotes = !this.inQuotes;
      else if (!this.inQuotes && (char === '\n' || char === '\r')) {
        // A line break before any header text ends a blank line, which the parser skips.
        if (this.seen === 0) continue;
        this.complete = true;
        return;
      } else if (!this.inQuotes) {
        const count = this.counts.get(char);
        if (count !== undefined) this.counts.set(char, count + 1);
      }
      this.seen += 1;
      if (this.seen > this.maxChars) {
        this.complete = true;
        return;
      }
    }
  }

  /** The candidate seen most; a tie (or none at all: a one-column file) goes to the comma. */
  delimiter(): ImportDelimiter {
    let best: ImportDelimiter = ',';
    for (const candidate of CANDIDATES) {
      if ((this.counts.get(candidate) ?? 0) > (this.counts.get(best) ?? 0)) best = candidate;
    }
    return best;
  }
}
