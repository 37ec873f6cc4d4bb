// The import plan (which column fills which Marketo field, read as which type) and the check of one row
// against it. Pure: no database, no HTTP, no Marketo call; the same judgement serves the preview and the job.
import type {
  ParsedImportSettings,
  RowProblem,
  SettingsProblem,
  SettingsProblemKind,
} from '../contract/imports';
import type { MarketoFieldDescription, MarketoValue } from '../marketo/types';
import { dataTypeOf, readLookupValue } from '../marketo/lookup-value';
import { type ValueColumn, convert, quoted, tooLong } from './field-values';
import { canLookUpBy } from '../marketo/lookup-fields';

export interface PlannedColumn extends ValueColumn {
  index: number;
}

export interface ImportPlan {
  action: ParsedImportSettings['action'];
  lookupField: string;
  /** Index of the column that fills the lookup field. */
  lookupColumn: number;
  /** Mapped columns only, in column order. */
  columns: PlannedColumn[];
  /** Header width. */
  columnCount: number;
}

export type RowCheck =
  | { ok: true; lead: Record<string, MarketoValue>; key: string }
  | { ok: false; problem: Omit<RowProblem, 'row'> };

// Moving a lead is its own call (Update Lead Partition); an import names its partition once, for every row.
const NOT_WRITABLE_BY_IMPORT = new Set(['leadPartitionId']);

/** Validates the mapping against the header and Marketo's fields; a plan only when there are no problems. */
export function planImport(
  settings: ParsedImportSettings,
  columns: readonly string[],
  fields: readonly MarketoFieldDescription[],
): { plan: ImportPlan; problems: [] } | { plan: undefined; problems: SettingsProblem[] } {
  const { mapping, lookupField, action } = settings;
  if (mapping.length !== columns.length) {
    return {
      plan: undefined,
      problems: [
        {
          kind: 'mapping_length',
          message: `The mapping has ${mapping.length} ${mapping.length === 1 ? 'entry' : 'entries'}, but the file has ${columns.length} columns`,
        },
      ],
    };
  }
  const described = new Map<string, MarketoFieldDescription>();
  for (const field of fields) if (field.rest) described.set(field.rest.name, field);
  const isField = (name: string) => name === 'id' || described.has(name);

  const problems: SettingsProblem[] = [];
  const planned: PlannedColumn[] = [];
  const filledBy = new Map<string, number>();
  mapping.forEach((field, index) => {
    if (field === null) return;
    const header = columns[index] ?? `column ${index + 1}`;
    const problem = (kind: SettingsProblemKind, message: string, otherColumn?: string) =>
      problems.push({
        column: index,
        kind,
        field,
        ...(otherColumn !== undefined && { otherColumn }),
        message,
      });
    const description = described.get(field);
    const earlier = filledBy.get(field);
    if (!isField(field)) {
      problem('not_a_field', `Column "${header}" is mapped to ${field}, which is not a Marketo field`);
    } else if (earlier !== undefined) {
      const other = columns[earlier] ?? '';
      problem(
        'filled_twice',
        `Columns "${other}" and "${header}" both fill ${field}; map only one of them`,
        other,
      );
    } else if (field === 'id' && lookupField !== 'id') {
      // Marketo would update the lead with that id wherever the lookup field pointed (see server/leads/prepared-write.ts).
      problem(
        'id_needs_id_lookup',
        `Column "${header}" is mapped to id: a lead id may be sent only to update, with id as the lookup field`,
      );
    } else if (NOT_WRITABLE_BY_IMPORT.has(field)) {
      problem(
        'partition_field',
        `Column "${header}" is mapped to ${field}: an import puts every lead in the partition it names`,
      );
    } else if (description?.rest?.readOnly && field !== 'id') {
      problem('read_only', `Column "${header}" is mapped to ${field}, which is read-only: Marketo sets it`);
    }
    if (earlier === undefined) filledBy.set(field, index);
    planned.push({
      index,
      header,
      field,
      dataType: dataTypeOf(field, fields),
      ...(description?.length === undefined ? {} : { length: description.length }),
    });
  });

  if (planned.length === 0) {
    problems.push({ kind: 'nothing_mapped', message: 'Map at least one column to a Marketo field' });
  } else if (lookupField === 'id' && action !== 'updateOnly') {
    problems.push({
      kind: 'id_lookup_needs_update',
      message: 'Leads can be looked up by id only to update them: choose the action updateOnly',
    });
  } else if (!isField(lookupField)) {
    problems.push({
      kind: 'lookup_not_a_field',
      field: lookupField,
      message: `The lookup field ${lookupField} is not a Marketo field`,
    });
  } else if (!canLookUpBy(lookupField, dataTypeOf(lookupField, fields))) {
    problems.push({
      kind: 'lookup_unsupported',
      field: lookupField,
      message: `Marketo cannot look leads up by ${lookupField}: choose email, or a custom text, email or whole-number field`,
    });
  } else if (!filledBy.has(lookupField)) {
    problems.push({
      kind: 'lookup_unmapped',
      field: lookupField,
      message: `Map a column to ${lookupField}, the lookup field`,
    });
  }

  const lookupColumn = filledBy.get(lookupField);
  if (problems.length > 0 || lookupColumn === undefined) return { plan: undefined, problems };
  return {
    plan: { action, lookupField, lookupColumn, columns: planned, columnCount: columns.length },
    problems: [],
  };
}

/** Converts one row's cells to a Marketo lead, or says what is wrong with it (its first problem). */
export function checkRow(plan: ImportPlan, cells: readonly string[]): RowCheck {
  if (cells.length !== plan.columnCount) {
    return {
      ok: false,
      problem: {
        kind: 'column_count',
        message: `The row has ${cells.length} ${cells.length === 1 ? 'cell' : 'cells'}, but the header has ${plan.columnCount} columns`,
      },
    };
  }
  const lookup = plan.columns.find((column) => column.index === plan.lookupColumn);
  const lookupText = (cells[plan.lookupColumn] ?? '').trim();
  if (lookup === undefined || lookupText === '') {
    const header = lookup?.header ?? `column ${plan.lookupColumn + 1}`;
    return {
      ok: false,
      problem: {
        kind: 'missing_lookup',
        column: header,
        message: `${header} is empty: every row needs its ${plan.lookupField} to find or create its lead`,
      },
    };
  }

  const lead: Record<string, MarketoValue> = {};
  for (const column of plan.columns) {
    const text = (cells[column.index] ?? '').trim();
    // An empty cell is left out, not sent as null: an import never clears a value a lead already has.
    if (text === '') continue;
    const long = tooLong(column, text);
    if (long !== undefined)
      return { ok: false, problem: { kind: 'too_long', column: column.header, message: long } };
    const converted = convert(column, text);
    if (!converted.ok) {
      return {
        ok: false,
        problem: { kind: converted.kind, column: column.header, message: converted.message },
      };
    }
    lead[column.field] = converted.value;
  }

  // The same one form the interactive write gives it (server/leads/prepared-write.ts): the chunk's screen looks
  // up, and its sync sends, exactly this value.
  const reading = readLookupValue(lead[plan.lookupField], lookup.dataType);
  if (reading.kind !== 'value') {
    const why = reading.kind === 'refused' ? reading.why : 'cannot be empty';
    const message = `${lookup.header} ${quoted(lookupText)} cannot be used to find a lead: a lookup value ${why}`;
    return { ok: false, problem: { kind: 'type_error', column: lookup.header, message } };
  }
  lead[plan.lookupField] = reading.wire;
  return { ok: true, lead, key: reading.key };
}

/** Lookup keys seen so far in a file: `see` returns the row that had this key first, or undefined. */
export interface SeenKeys {
  see(key: string, row: number): number | undefined | Promise<number | undefined>;
}

/**
 * `SeenKeys` in a JS Map. Memory: one entry per distinct key, measured at about 100 bytes for a 25-character
 * email key: 10 MB per 100,000 rows. Whole files are judged against a ledger in the database instead
 * (`ImportsRepo.keyLedger`).
 */
export class DuplicateKeys implements SeenKeys {
  private readonly firstRows = new Map<string, number>();

  see(key: string, row: number): number | undefined {
    const first = this.firstRows.get(key);
    if (first === undefined) this.firstRows.set(key, row);
    return first;
  }
}
