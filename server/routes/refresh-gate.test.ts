import { describe, expect, it } from 'vitest';
import { refreshGate } from './refresh-gate';

describe('refreshGate', () => {
  it('lets one refresh through per interval and never invents one', () => {
    let now = 1_000;
    const gate = refreshGate(5_000, () => now);
    expect(gate(false)).toBe(false);
    expect(gate(true)).toBe(true);
    now += 4_999;
    expect(gate(true)).toBe(false);
    now += 1;
    expect(gate(true)).toBe(true);
  });
});
