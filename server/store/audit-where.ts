// The WHERE clause of an audit read: what the reader may see and what they asked for. Shared by the plain read
// (server/store/audit-repo.ts) and the grouped one (server/store/audit-items.ts), so both hide the same rows.
import { sql, type RawBuilder } from 'kysely';
import type { AuditFilter } from './audit-repo';
import { containsIgnoringCase, elementText, jsonArrayLength, jsonElements } from './dialect-sql';
import type { ConsoleDb } from './kysely';

export interface AuditWhere {
  /** Conditions on the `audit` table (named `audit`), joined with AND; empty when there are none. */
  conditions: RawBuilder<unknown>[];
  /** The filter the conditions come from, as text: equal keys, equal conditions. */
  key: string;
}

/** Every condition of `filter` except `beforeId`, whose meaning depends on the read (rows or items). */
export function auditWhere(consoleDb: ConsoleDb, filter: AuditFilter): AuditWhere {
  const conditions: RawBuilder<unknown>[] = [];
  const partitions = sql.ref('audit.partitions');
  const count = jsonArrayLength(consoleDb, sql`${partitions}`);
  if (filter.visiblePartitions !== 'all') {
    const names = filter.visiblePartitions;
    if (names.length === 0) {
      conditions.push(sql`(${count} = 0 AND audit.user_id = ${filter.readerUserId})`);
    } else {
      conditions.push(
        sql`(${count} > 0 OR audit.user_id = ${filter.readerUserId})`,
        sql`NOT EXISTS (SELECT 1 FROM ${jsonElements(consoleDb, sql`${partitions}`, 'p')}
                        WHERE ${elementText(consoleDb, 'p')} NOT IN (${sql.join(names)}))`,
      );
    }
  }
  if (filter.user) conditions.push(containsIgnoringCase(consoleDb, sql.ref('audit.user_email'), filter.user));
  if (filter.partition) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${jsonElements(consoleDb, sql`${partitions}`, 'p')}
                  WHERE ${elementText(consoleDb, 'p')} = ${filter.partition})`,
    );
  }
  if (filter.action) conditions.push(sql`audit.action = ${filter.action}`);
  if (filter.fromMs !== undefined) conditions.push(sql`audit.at_ms >= ${filter.fromMs}`);
  if (filter.toMs !== undefined) conditions.push(sql`audit.at_ms <= ${filter.toMs}`);
  const { beforeId: _paging, ...asked } = filter;
  return { conditions, key: JSON.stringify(asked) };
}

/** `WHERE a AND b …`, or nothing. */
export function whereSql(conditions: readonly RawBuilder<unknown>[]): RawBuilder<unknown> {
  return conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
}
