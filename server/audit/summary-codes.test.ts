// Every Activity sentence the proxy stores reads back into its own code and values, so the browser can word it in
// the user's language; a sentence no template makes (or one with a note appended) keeps its English.
import { describe, expect, it } from 'vitest';
import { ACTIVITY_SUMMARY_CODES, type ActivitySummaryCode } from '../contract/activity';
import { activitySummary, summaryFields } from './summary-codes';

const SAMPLES: Record<ActivitySummaryCode, Record<string, string | number>> = {
  signed_in: { address: '203.0.113.7' },
  break_glass_sign_in: { address: '203.0.113.7' },
  signed_out: {},
  user_created: { email: 'ana@example.com', role: 'editor' },
  password_reset: { email: 'ana@example.com' },
  leads_written: { action: 'createOnly', lookupField: 'email', count: 3 },
  leads_moved: { count: 2, target: 'Canada' },
  import_chunk: {
    file: 'trade show, "day 2".csv',
    chunk: 4,
    created: 290,
    updated: 7,
    skipped: 2,
    failed: 1,
  },
  import_chunk_unsure: {
    file: 'list.csv',
    chunk: 1,
    created: 0,
    updated: 0,
    written: 300,
    skipped: 0,
    failed: 0,
  },
  bulk_file_uploaded: { file: 'big.csv', batch: 2, rows: 120_000 },
  bulk_file_refused: { file: 'big.csv', batch: 3, why: '1016 Too many imports' },
  bulk_file_done: { file: 'big.csv', batch: 2, marketoBatch: 1042, written: 119_990, skipped: 4, failed: 6 },
  move_chunk: { target: 'Canada', chunk: 2, moved: 298, skipped: 1, failed: 1 },
  move_undo_chunk: {
    move: '6a1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d',
    chunk: 1,
    moved: 3,
    skipped: 0,
    failed: 0,
  },
  entry_undo_chunk: { entry: 812, chunk: 1, moved: 1, skipped: 1, failed: 0 },
  sign_in_unknown_email: { address: '203.0.113.7' },
  sign_in_wrong_password: { address: '2001:db8::1' },
  sign_in_account_disabled: { address: '203.0.113.7' },
  sign_in_password_off: { address: '203.0.113.7' },
  sign_in_rate_limited: { limit: 'account', address: '203.0.113.7' },
  move_refused: { count: 3, partition: 'Canada' },
  write_refused: { action: 'createOrUpdate', count: 12, partition: 'Canada' },
  import_refused: { partition: 'Canada' },
  move_started: { target: 'Canada', count: 500 },
  move_cancelled: { target: 'Canada' },
  move_undo_started: { move: '6a1b2c3d-4e5f-4a6b-9c8d-0e1f2a3b4c5d', target: 'Canada' },
  entry_undo_started: { entry: 812, target: 'Mexico' },
  import_started: {
    file: 'trade show.csv',
    total: 1000,
    skipped: 4,
    action: 'createOnly',
    lookupField: 'email',
    partition: 'Mexico',
  },
  import_cancelled: { file: 'trade show.csv', count: 700, partition: 'Mexico' },
};

describe('Activity summary codes', () => {
  it.each(ACTIVITY_SUMMARY_CODES)('reads %s back from the sentence it makes', (code) => {
    const values = SAMPLES[code];
    expect(summaryFields(activitySummary(code, values))).toEqual({
      summaryCode: code,
      summaryParams: values,
    });
  });

  it('keeps the English of a sentence with a note no template has', () => {
    const sentence = `${activitySummary('move_chunk', SAMPLES.move_chunk)} (confirmed by lookup; 2 not moved and queued again)`;
    expect(summaryFields(sentence)).toEqual({});
  });
});
