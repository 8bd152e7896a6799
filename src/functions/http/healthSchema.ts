import { z } from 'zod';

/** The body of `GET /api/health`, 200 when everything answers and 503 otherwise. */
export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  storage: z.enum(['reachable', 'unreachable']),
  armToken: z.enum(['available', 'unavailable']),
});

export type HealthBody = z.output<typeof healthSchema>;
