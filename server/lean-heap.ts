// How far V8 lets the old generation grow before the next full collection. By default it may reach up to four
// times what survived the last one; through a 50 MB import (hundreds of thousands of short-lived rows) that took
// the heap to 150 MB, most of it garbage, and the process to 290 MB resident, past a 256 MB container. Growing
// by 20 % keeps the heap near what is live: peak 176 MB through the same import (`npm run bench`). Set at run
// time, so it holds however the server is started (npm start, a systemd unit, the tests' proxy process).
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 20;

export function keepHeapNearLive(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
