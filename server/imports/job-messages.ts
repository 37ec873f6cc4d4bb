// Why an import or bulk move waits or stopped: one English template per code. Jobs store the English sentence
// (it stays for API clients and logs); job views read the code and values back from it, so the browser can word
// them in the user's language, for jobs stored before codes existed as well.
import type { JobMessageCode } from '../contract/job-messages';
import type { ErrorParams } from '../contract/errors';
import { fillTemplate, sentenceReader } from '../sentence-templates';

const TEMPLATES: Record<JobMessageCode, string> = {
  call_budget_wait:
    "Waiting for Marketo's call budget: calls are kept free for people using the console; sending goes on as soon as the budget allows.",
  quota_wait: "Marketo's daily API quota is used up; the {noun} continues after {until} (Marketo's reset)",
  marketo_unreachable_wait: 'Marketo is not answering; trying again at {until}',
  bulk_queue_full:
    "Marketo is already importing 10 files for this instance; this import's next file waits its turn (next try {until}).",
  owner_gone: 'The {noun} stopped: the account {who} no longer exists.',
  owner_disabled: 'The {noun} stopped: the account {who} was disabled.',
  owner_not_editor: 'The {noun} stopped: {who} no longer has the editor role.',
  owner_no_partition: "The {noun} stopped: {who} no longer has access to partition '{partition}'.",
  bulk_grants_narrowed:
    "The import stopped: {who} now has access to some partitions only, which Marketo's Bulk Import cannot keep to; import the rest again to send it in checked chunks.",
  marketo_refused: 'The {noun} stopped: Marketo refused it ({why}).',
  marketo_refused_file: 'The import stopped: Marketo refused its file ({why}).',
  preview_refused: 'The preview stopped: Marketo refused a lookup ({why}).',
  bulk_upload_lost:
    'The upload of this file got no answer (the proxy stopped or the call failed mid-way), and Marketo offers no way ' +
    'to find a batch by its file: its rows are held, not sent again, so nothing is imported twice.',
  bulk_settled_by_lookup:
    'The upload of this file got no answer. After waiting for Marketo to have processed it, its rows were read back ' +
    'by lookup: those Marketo holds count as written, the others go in a later file.',
};

/** The values a template names; `until` is a time in epoch ms. */
export type JobMessageValues = {
  noun?: 'import' | 'move';
  who?: string;
  partition?: string;
  why?: string;
  until?: number;
};

// A time in messages, unambiguous for every reader whatever their zone: `2026-12-05 13:00:00 UTC`.
const TIME = '(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) UTC';

function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** The English sentence of `code` with its values, as jobs store it. */
export function jobMessage(code: JobMessageCode, values: JobMessageValues = {}): string {
  return fillTemplate(TEMPLATES[code], (name) => {
    const value = values[name as keyof JobMessageValues];
    return typeof value === 'number' ? formatTime(value) : value;
  });
}

/** The code and values of a stored sentence (`until` as an ISO time); `undefined` for one no template makes. */
export const readJobMessage = sentenceReader(
  TEMPLATES,
  { noun: '(import|move)', until: TIME },
  (name, text) => (name === 'until' ? `${text.replace(' ', 'T')}.000Z` : text),
);

/** The `messageCode`/`messageParams` of a job view, beside its `message`. */
export function jobMessageFields(message: string | null): {
  messageCode?: string;
  messageParams?: ErrorParams;
} {
  const read = message === null ? undefined : readJobMessage(message);
  return read ? { messageCode: read.code, messageParams: read.params } : {};
}
