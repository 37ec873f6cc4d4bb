// Queued failures for tests: "the next n calls" or "each call with probability p", optionally by path prefix.
import { z } from 'zod';

export const FAULT_CODES = [
  '606',
  '615',
  '604',
  '608',
  '611',
  '602',
  '601',
  '607',
  'http500',
  'http502',
  'timeout',
] as const;

export type FaultCode = (typeof FAULT_CODES)[number];

export const FaultSchema = z
  .object({
    code: z.enum(FAULT_CODES),
    count: z.number().int().min(1).optional(),
    probability: z.number().min(0).max(1).optional(),
    path: z.string().startsWith('/').optional(),
  })
  .strict();

export type FaultSpec = z.infer<typeof FaultSchema>;

interface ActiveFault {
  code: FaultCode;
  remaining: number | undefined;
  probability: number | undefined;
  path: string | undefined;
}

export class FaultQueue {
  private faults: ActiveFault[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: FaultSpec): void {
    // With neither count nor probability, a fault hits exactly the next matching call.
    const remaining = spec.count ?? (spec.probability === undefined ? 1 : undefined);
    this.faults.push({ code: spec.code, remaining, probability: spec.probability, path: spec.path });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault to apply to this call, if any; consumes one use of it. */
  take(path: string): FaultCode | undefined {
    for (const fault of this.faults) {
      if (!matches(fault, path)) continue;
      if (fault.probability !== undefined && this.random() >= fault.probability) continue;
      if (fault.remaining !== undefined) {
        fault.remaining -= 1;
        if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
      }
      return fault.code;
    }
    return undefined;
  }
}

function matches(fault: ActiveFault, path: string): boolean {
  // Without a path, faults target the API (REST and bulk calls), never the identity endpoint.
  if (fault.path === undefined) return path.startsWith('/rest/') || path.startsWith('/bulk/');
  return path.startsWith(fault.path);
}
