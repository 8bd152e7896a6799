import { z } from 'zod';
import { REQUEST_STATES } from '../../core/requestState.js';

/** The query of `GET /api/identity-requests`; the OpenAPI document's parameters come from it. */
export const listQuerySchema = z
  .object({
    state: z.enum(REQUEST_STATES).optional(),
    requestedBy: z.string().min(1).max(256).optional().meta({ description: "the requester's object ID" }),
    target: z.string().min(1).max(1024).optional().meta({ description: 'the target resource ID' }),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    continuationToken: z
      .string()
      .min(1)
      .max(2048)
      .optional()
      .meta({ description: "the previous page's continuationToken" }),
  })
  .strict();
