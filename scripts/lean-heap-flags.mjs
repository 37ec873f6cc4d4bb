// V8 flags the console's server process starts with (scripts/start.mjs, server/proxy-process.ts), so it fits a
// 256 MB container. By default V8 lets the new space grow to 16 MB per semi-space (Node 20; more on 24) and the old
// generation to up to four times what survived the last full collection: through a 50 MB import, a stream of
// short-lived rows, the heap reached 150 MB, mostly garbage. Measured with `npm run bench`: peak resident 290 MB
// before. Node 22 and 24 honour these only on the command line (server/lean-heap.ts sets what Node 20 takes later).
export const LEAN_HEAP_FLAGS = ['--max-semi-space-size=2', '--heap-growing-percent=20'];
