export interface Counts {
  passed: number;
  failed: number;
}
export interface CheckStep {
  name: string;
  ok: boolean;
}
export interface RunnerStep {
  name: string;
  ok: boolean;
  counts: Counts | undefined;
}
export function vitestCounts(report: unknown): Counts | undefined;
export function playwrightCounts(report: unknown): Counts | undefined;
export function tally(steps: {
  checks: CheckStep[];
  runners: RunnerStep[];
}): Counts & { failedSteps: string[] };
export function closingLine(totals: Counts): string;
