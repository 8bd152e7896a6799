import { z } from 'zod';

/** The body of every error answer (RFC 9457 `application/problem+json`); `problemResponse` is typed from it. */
export const problemSchema = z
  .object({
    type: z.string().meta({ description: '`urn:identity-broker:problem:<code>`, for programs to branch on' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string().meta({ description: 'the invalid field, such as `operations[1].role`' }),
          message: z.string(),
        }),
      )
      .optional()
      .meta({ description: 'each invalid field, where the body or query was invalid' }),
  })
  .meta({ description: 'An RFC 9457 problem' });

export type ProblemBody = z.output<typeof problemSchema>;
