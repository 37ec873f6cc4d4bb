// The console's own record of one lead's creation and moves, read from the audit trail. The only place the lead
// history touches the audit repository: every call is awaited (wrapped in Promise.resolve), so it reads the same
// whether the repository answers at once or asynchronously.
import type { ActivityAction, ActivityEntry } from '../contract/activity';
import type { AuditRepo } from '../store/audit-repo';

export interface ConsoleLeadEvent {
  at: string;
  kind: 'created' | 'moved';
  email: string;
  /** Partition names as the entry recorded them (source(s) and target for a move). */
  partitions: string[];
}

/** Audit entries read per query, and queries per action, before the read is called incomplete. */
const PAGE = 500;
const MAX_PAGES = 20;

/** Which actions can create or move a lead, and the lead status that says they did. */
const EVENTS: readonly { action: ActivityAction; status: string; kind: ConsoleLeadEvent['kind'] }[] = [
  { action: 'lead.move', status: 'updated', kind: 'moved' },
  { action: 'lead.write', status: 'created', kind: 'created' },
  { action: 'import', status: 'created', kind: 'created' },
];

/**
 * The lead's creations and moves by console users since `fromMs`, newest first. The trail has no index by lead,
 * so entries of the relevant actions since then are scanned, up to a cap (`complete: false` beyond it).
 */
export async function consoleEventsForLead(
  audit: AuditRepo,
  leadId: number,
  fromMs: number,
): Promise<{ events: ConsoleLeadEvent[]; complete: boolean }> {
  const reads = await Promise.all(EVENTS.map((event) => scan(audit, leadId, fromMs, event)));
  return {
    events: reads.flatMap((read) => read.events).sort((a, b) => Date.parse(b.at) - Date.parse(a.at)),
    complete: reads.every((read) => read.complete),
  };
}

async function scan(
  audit: AuditRepo,
  leadId: number,
  fromMs: number,
  event: (typeof EVENTS)[number],
): Promise<{ events: ConsoleLeadEvent[]; complete: boolean }> {
  const events: ConsoleLeadEvent[] = [];
  let beforeId: number | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    // Every partition: the history decides itself which names its reader may see.
    const entries: ActivityEntry[] = await audit.query(
      { visiblePartitions: 'all', readerUserId: 0, action: event.action, fromMs, beforeId },
      PAGE,
    );
    for (const entry of entries) {
      const did = entry.leads.find((lead) => lead.leadId === leadId && lead.status === event.status);
      if (did)
        events.push({
          at: entry.at,
          kind: event.kind,
          email: entry.user.email,
          // A bulk move's entry names each lead's own source and target (server/moves/chunk-record.ts).
          partitions: did.from !== undefined && did.to !== undefined ? [did.from, did.to] : entry.partitions,
        });
    }
    const last = entries[entries.length - 1];
    if (entries.length < PAGE || !last) return { events, complete: true };
    beforeId = last.id;
  }
  return { events, complete: false };
}
