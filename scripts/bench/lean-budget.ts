// What a production proxy may cost (issue 11, "Lean"): resident memory that fits a 256 MB container with room to
// spare, and a lead read through the proxy at most 1.3 times the direct Marketo call (p50). The bulk import and
// proxy overhead benchmarks each end with their verdict, so one `npm run bench` shows both.
export const PEAK_MEMORY_BUDGET_MB = 200;
export const PROXY_P50_BUDGET_RATIO = 1.3;

export function verdict(ok: boolean): 'PASS' | 'FAIL' {
  return ok ? 'PASS' : 'FAIL';
}
