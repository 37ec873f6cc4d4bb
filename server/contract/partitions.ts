import { z } from 'zod';

export const PartitionSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
});
export type Partition = z.infer<typeof PartitionSchema>;

export const PartitionsResponseSchema = z.object({ partitions: z.array(PartitionSchema) });
export type PartitionsResponse = z.infer<typeof PartitionsResponseSchema>;

/** `?refresh=1` skips the proxy's cache. */
export const RefreshQuerySchema = z.object({ refresh: z.enum(['0', '1']).optional() });
