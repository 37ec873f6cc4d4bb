import { z } from 'zod';

/** `GET /api/ready` when every check passes; a failing one answers 503 with the error envelope instead. */
export const ReadyResponseSchema = z.object({
  ready: z.literal(true),
  checks: z.array(z.enum(['database', 'imports', 'marketo'])),
});
