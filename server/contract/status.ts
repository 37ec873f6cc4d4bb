import { z } from 'zod';

export const HealthResponseSchema = z.object({ ok: z.literal(true) });

/** What the console shows about its upstream; never a credential or token. */
export const StatusResponseSchema = z.object({
  mode: z.enum(['emulator', 'marketo']),
  instance: z.string(),
  rateBudget: z.object({
    callsPer20s: z.number().int(),
    maxConcurrent: z.number().int(),
    callsInWindow: z.number().int(),
    inFlight: z.number().int(),
  }),
  usage: z.object({
    /** Calls Marketo counted today (stats/usage.json), or null when it could not be read. */
    callsToday: z.number().int().nullable(),
    dailyQuotaExhausted: z.boolean(),
    /** ISO time of the next quota reset: midnight US Central. */
    quotaResetsAt: z.string(),
  }),
});
export type StatusResponse = z.infer<typeof StatusResponseSchema>;
