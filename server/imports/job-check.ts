// The check of a whole stored file against import settings, and the start of a job from the same judgement:
// what the preview promises is exactly what the job skips. Rows are judged in row order, each by its first
// problem; a key already seen on an earlier valid row makes a `duplicate_key`.
import {
  IMPORT_CHECK_PROBLEM_LIMIT,
  type ImportCheck,
  type ParsedImportSettings,
  type RowProblem,
  type RowProblemKind,
  type SettingsProblem,
} from '../contract/imports';
import type { MarketoFieldDescription, MarketoValue } from '../marketo/types';
import type {
  FileRow,
  ImportFileRecord,
  ImportJobRecord,
  ImportsRepo,
  RowOutcome,
} from '../store/imports-repo';
import { checkRow, DuplicateKeys, planImport, type ImportPlan } from './row-check';

type Judgement = { ok: true; lead: Record<string, MarketoValue> } | { ok: false; problem: RowProblem };

/** The settings' plan for a file, or the problems that block it. */
export type PlannedImport =
  { plan: ImportPlan; problems: [] } | { plan: undefined; problems: SettingsProblem[] };

export function planFor(
  settings: ParsedImportSettings,
  file: ImportFileRecord,
  fields: readonly MarketoFieldDescription[],
): PlannedImport {
  return planImport(settings, file.columns, fields);
}

/** Judges rows one after another, in row order; only valid rows claim a key. */
export class RowJudge {
  private readonly keys = new DuplicateKeys();
  private readonly lookupHeader: string | undefined;

  constructor(private readonly plan: ImportPlan) {
    this.lookupHeader = plan.columns.find((column) => column.index === plan.lookupColumn)?.header;
  }

  judge({ row, cells }: FileRow): Judgement {
    const checked = checkRow(this.plan, cells);
    if (!checked.ok) return { ok: false, problem: { row, ...checked.problem } };
    const first = this.keys.see(checked.key, row);
    if (first !== undefined) {
      return {
        ok: false,
        problem: {
          row,
          kind: 'duplicate_key',
          ...(this.lookupHeader === undefined ? {} : { column: this.lookupHeader }),
          message: `Same ${this.plan.lookupField} as row ${first}`,
        },
      };
    }
    return { ok: true, lead: checked.lead };
  }

  /** The judgement as the job stores it. */
  outcome(row: FileRow): RowOutcome {
    const judged = this.judge(row);
    return judged.ok
      ? { send: judged.lead }
      : { skip: { code: judged.problem.kind, message: judged.problem.message } };
  }
}

/** `ImportCheck` over every stored row; nothing is written and nothing is sent. */
export function checkImport(repo: ImportsRepo, file: ImportFileRecord, planned: PlannedImport): ImportCheck {
  if (planned.plan === undefined) {
    return {
      rowCount: file.rowCount,
      validRows: 0,
      invalidRows: 0,
      settingsProblems: planned.problems,
      problemCounts: {},
      problems: [],
    };
  }
  const judge = new RowJudge(planned.plan);
  const problemCounts: Partial<Record<RowProblemKind, number>> = {};
  const problems: RowProblem[] = [];
  let rowCount = 0;
  let invalidRows = 0;
  // Synchronous on purpose: the rows come from an open SQLite cursor that must not span an await.
  for (const row of repo.rows(file.id)) {
    rowCount += 1;
    const judged = judge.judge(row);
    if (judged.ok) continue;
    invalidRows += 1;
    problemCounts[judged.problem.kind] = (problemCounts[judged.problem.kind] ?? 0) + 1;
    if (problems.length < IMPORT_CHECK_PROBLEM_LIMIT) problems.push(judged.problem);
  }
  return {
    rowCount,
    validRows: rowCount - invalidRows,
    invalidRows,
    settingsProblems: [],
    problemCounts,
    problems,
  };
}

export interface JobStart {
  id: string;
  user: { id: number; email: string };
  partitionName: string;
  createdAtMs: number;
}

/**
 * Creates the job with one result per row: rows that fail the check are `skipped` with their reason, the rest
 * `pending`. `accept` runs inside the transaction with the totals and may throw to create nothing.
 */
export function startJob(
  repo: ImportsRepo,
  file: ImportFileRecord,
  settings: ParsedImportSettings,
  plan: ImportPlan,
  start: JobStart,
  accept: (totals: { total: number; skipped: number }) => void,
): ImportJobRecord {
  const judge = new RowJudge(plan);
  return repo.createJob(
    {
      id: start.id,
      fileId: file.id,
      user: start.user,
      partitionName: start.partitionName,
      action: settings.action,
      lookupField: settings.lookupField,
      mapping: settings.mapping,
      createdAtMs: start.createdAtMs,
    },
    (row) => judge.outcome(row),
    accept,
  );
}
