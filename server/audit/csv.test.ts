import { describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv';

describe('CSV cells', () => {
  it('quotes every cell and doubles quotes', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(42)).toBe('"42"');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1']) {
      expect(csvCell(bad).startsWith(`"'`), bad).toBe(true);
    }
    expect(csvCell('a=1')).toBe('"a=1"');
  });

  it('writes one CRLF line per entry', () => {
    const line = csvRow({
      id: 7,
      at: '2026-01-01T00:00:00.000Z',
      user: { id: 1, email: '=evil@example.com' },
      action: 'lead.write',
      partitions: ['Mexico'],
      leadIds: [1, 2],
      outcome: 'partial',
      leads: [
        { index: 0, leadId: 1, status: 'created' },
        { index: 1, status: 'skipped', reason: '1005 Lead already exists' },
      ],
      requestIds: ['abc#1'],
      summary: 'createOrUpdate by email',
    });
    expect(line).toBe(
      `"7","2026-01-01T00:00:00.000Z","'=evil@example.com","lead.write","partial","Mexico","1 2","1 created; #1 skipped 1005 Lead already exists","abc#1","createOrUpdate by email"\r\n`,
    );
  });

  it('writes each moved lead with where it went from and to', () => {
    const line = csvRow({
      id: 8,
      at: '2026-01-01T00:00:00.000Z',
      user: { id: 1, email: 'mover@example.com' },
      action: 'lead.move',
      partitions: ['Mexico', 'Canada'],
      leadIds: [11, 12],
      outcome: 'partial',
      leads: [
        { leadId: 11, status: 'updated', from: 'Mexico', to: 'Canada' },
        { leadId: 12, status: 'skipped', reason: 'changed Moved since' },
      ],
      requestIds: [],
      summary: 'move 2 lead(s) to Canada',
    });
    expect(line.split('","')[7]).toBe('11 updated Mexico -> Canada; 12 skipped changed Moved since');
  });
});
