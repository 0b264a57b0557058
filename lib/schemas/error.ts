import { z } from 'zod';

/** The body of every non-2xx response (reference §3). */
export const errorBodySchema = z
  .object({
    resultCode: z.string().meta({ example: 'VALIDATION_ERROR' }),
    resultMessage: z.string().meta({ example: 'Request is invalid' }),
    errors: z.array(
      z.object({
        field: z.string().meta({ example: 'pan' }),
        code: z.string().meta({ example: 'INVALID_PAN' }),
        message: z.string().meta({ example: 'Card number is not valid' }),
      }),
    ),
    requestId: z.string().optional().meta({ description: 'Present on INTERNAL_ERROR: quote it to support' }),
  })
  .meta({ id: 'ErrorBody' });

export type ErrorBody = z.infer<typeof errorBodySchema>;
