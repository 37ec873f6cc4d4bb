// The old generation's growth, set from inside the server for a start without scripts/lean-heap-flags.mjs (a unit
// file running `node dist/server/index.js`). V8 may let it reach four times what survived the last full
// collection; through a 50 MB import that took the heap to 150 MB, mostly garbage, and the process to 290 MB
// resident. Growing by 20 % kept the peak at 176 MB (`npm run bench`). Node 20 honours this at run time; Node 22
// and 24 read heap sizing at start only, so there it takes the command-line flags.
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 20;

export function keepHeapNearLive(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
