// Per-record outcomes of batch writes (docs/marketo-api.md §5.2): `skipped` carries a `reasons` array, never `reason`.

export interface Reason {
  code: string;
  message: string;
}

export interface SkippedRecord {
  status: 'skipped';
  reasons: Reason[];
}

export function skipped(code: string, message: string): SkippedRecord {
  return { status: 'skipped', reasons: [{ code, message }] };
}
