import { describe, expect, it } from 'vitest';
import { JOB_MESSAGE_CODES } from '../contract/job-messages';
import { jobMessage, jobMessageFields, readJobMessage } from './job-messages';

const UNTIL = Date.parse('2026-12-06T06:00:00Z');

describe('job messages', () => {
  it('reads every code and its values back from the sentence it makes', () => {
    const values = {
      noun: 'move',
      who: 'ana@example.com',
      partition: 'Mexico',
      why: '1003: bad (x)',
      until: UNTIL,
    };
    for (const code of JOB_MESSAGE_CODES) {
      const text = jobMessage(code, values as Parameters<typeof jobMessage>[1]);
      const read = readJobMessage(text);
      expect(read?.code, text).toBe(code);
      for (const [name, value] of Object.entries(read?.params ?? {})) {
        expect(value).toBe(
          name === 'until' ? '2026-12-06T06:00:00.000Z' : values[name as keyof typeof values],
        );
      }
    }
  });

  it('keeps the English sentences API clients already read', () => {
    expect(jobMessage('quota_wait', { noun: 'import', until: UNTIL })).toBe(
      "Marketo's daily API quota is used up; the import continues after 2026-12-06 06:00:00 UTC (Marketo's reset)",
    );
    expect(jobMessage('owner_no_partition', { noun: 'import', who: 'a@b.c', partition: 'Canada' })).toBe(
      "The import stopped: a@b.c no longer has access to partition 'Canada'.",
    );
  });

  it('tells apart an account gone from one that lost its role', () => {
    expect(readJobMessage('The import stopped: a@b.c no longer has the editor role.')).toEqual({
      code: 'owner_not_editor',
      params: { noun: 'import', who: 'a@b.c' },
    });
  });

  it('gives no code for a sentence no template makes, nor for no message', () => {
    expect(jobMessageFields('Something else happened.')).toEqual({});
    expect(jobMessageFields(null)).toEqual({});
  });

  it('refuses to make a sentence without the values it names', () => {
    expect(() => jobMessage('owner_gone', { noun: 'import' })).toThrow(/needs who/);
  });
});
