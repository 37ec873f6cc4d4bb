// The WHERE clause of an audit read: what the reader may see and what they asked for. Shared by the plain read
// (server/store/audit-repo.ts) and the grouped one (server/store/audit-items.ts), so both hide the same rows.
import type { AuditFilter } from './audit-repo';

export interface AuditWhere {
  /** Conditions on the `audit` table (named `audit`), joined with AND; empty when there are none. */
  conditions: string[];
  values: (string | number)[];
}

/** Every condition of `filter` except `beforeId`, whose meaning depends on the read (rows or items). */
export function auditWhere(filter: AuditFilter): AuditWhere {
  const conditions: string[] = [];
  const values: (string | number)[] = [];
  if (filter.visiblePartitions !== 'all') {
    const names = filter.visiblePartitions;
    if (names.length === 0) {
      conditions.push('(json_array_length(audit.partitions) = 0 AND audit.user_id = ?)');
      values.push(filter.readerUserId);
    } else {
      conditions.push(
        '(json_array_length(audit.partitions) > 0 OR audit.user_id = ?)',
        `NOT EXISTS (SELECT 1 FROM json_each(audit.partitions)
                     WHERE value NOT IN (${names.map(() => '?').join(',')}))`,
      );
      values.push(filter.readerUserId, ...names);
    }
  }
  if (filter.user) {
    conditions.push('instr(lower(audit.user_email), lower(?)) > 0');
    values.push(filter.user);
  }
  if (filter.partition) {
    conditions.push('EXISTS (SELECT 1 FROM json_each(audit.partitions) WHERE value = ?)');
    values.push(filter.partition);
  }
  if (filter.action) {
    conditions.push('audit.action = ?');
    values.push(filter.action);
  }
  if (filter.fromMs !== undefined) {
    conditions.push('audit.at_ms >= ?');
    values.push(filter.fromMs);
  }
  if (filter.toMs !== undefined) {
    conditions.push('audit.at_ms <= ?');
    values.push(filter.toMs);
  }
  return { conditions, values };
}

/** `WHERE a AND b …`, or nothing. */
export function whereSql(conditions: readonly string[]): string {
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}
