export const LEAN_HEAP_FLAGS: readonly string[];
