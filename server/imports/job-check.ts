// The check of a whole stored file against import settings, and the row judgement a job's start shares with it:
// what the preview promises is exactly what the job skips. Rows are judged in row order, each by its first
// problem; a key already seen on an earlier valid row makes a `duplicate_key`. Both walk the file in pages and
// let other requests in between pages: checking 500,000 rows takes seconds, and the proxy must answer meanwhile.
import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  IMPORT_CHECK_PROBLEM_LIMIT,
  type ImportCheck,
  type ParsedImportSettings,
  type RowProblem,
  type RowProblemKind,
  type SettingsProblem,
} from '../contract/imports';
import type { MarketoFieldDescription, MarketoValue } from '../marketo/types';
import type { FileRow, ImportFileRecord } from '../store/import-files-repo';
import type { ImportsRepo, RowOutcome } from '../store/imports-repo';
import { checkRow, planImport, type ImportPlan, type SeenKeys } from './row-check';

/**
 * Rows judged between two turns of the event loop: about 10 to 20 ms of work on one core (reading, checking,
 * writing a row costs 10 to 20 µs), so an interactive request waits that long at most behind a check or a start.
 */
export const PAGE_ROWS = 1_000;

export type Judgement = { ok: true; lead: Record<string, MarketoValue> } | { ok: false; problem: RowProblem };

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
  private readonly lookupHeader: string | undefined;

  constructor(
    private readonly plan: ImportPlan,
    private readonly keys: SeenKeys,
  ) {
    this.lookupHeader = plan.columns.find((column) => column.index === plan.lookupColumn)?.header;
  }

  async judge({ row, cells }: FileRow): Promise<Judgement> {
    const checked = checkRow(this.plan, cells);
    if (!checked.ok) return { ok: false, problem: { row, ...checked.problem } };
    const first = await this.keys.see(checked.key, row);
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
}

/** A judgement as the job stores it. */
export function outcomeOf(judgement: Judgement): RowOutcome {
  return judgement.ok
    ? { send: judgement.lead }
    : { skip: { code: judgement.problem.kind, message: judgement.problem.message } };
}

/** One row and what the check made of it. */
export interface JudgedRow {
  row: FileRow;
  judgement: Judgement;
}

/**
 * Judges every row of a file in row order, a page at a time: `onPage` gets each page's judgements inside the
 * transaction that also holds the page's key ledger writes (and whatever `onPage` writes). The event loop turns
 * between pages; the ledger is dropped at the end, or on a throw.
 */
export async function judgeFile(
  repo: ImportsRepo,
  fileId: string,
  plan: ImportPlan,
  onPage: (judged: JudgedRow[]) => void | Promise<void>,
): Promise<void> {
  const keys = repo.keyLedger();
  try {
    const judge = new RowJudge(plan, keys);
    for (let afterRow = 0; ;) {
      const rows = await repo.rowsAfter(fileId, afterRow, PAGE_ROWS);
      const last = rows.at(-1);
      if (last === undefined) return;
      await repo.transaction(async () => {
        const judged: JudgedRow[] = [];
        for (const row of rows) judged.push({ row, judgement: await judge.judge(row) });
        await onPage(judged);
      });
      afterRow = last.row;
      await nextTurn();
    }
  } finally {
    await keys.close();
  }
}

/** `ImportCheck` over every stored row; nothing is written (but the temporary key ledger) and nothing is sent. */
export async function checkImport(
  repo: ImportsRepo,
  file: ImportFileRecord,
  planned: PlannedImport,
): Promise<ImportCheck> {
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
  const problemCounts: Partial<Record<RowProblemKind, number>> = {};
  const problems: RowProblem[] = [];
  let rowCount = 0;
  let invalidRows = 0;
  await judgeFile(repo, file.id, planned.plan, (judged) => {
    for (const { judgement } of judged) {
      rowCount += 1;
      if (judgement.ok) continue;
      invalidRows += 1;
      const { kind } = judgement.problem;
      problemCounts[kind] = (problemCounts[kind] ?? 0) + 1;
      if (problems.length < IMPORT_CHECK_PROBLEM_LIMIT) problems.push(judgement.problem);
    }
  });
  return {
    rowCount,
    validRows: rowCount - invalidRows,
    invalidRows,
    settingsProblems: [],
    problemCounts,
    problems,
  };
}
