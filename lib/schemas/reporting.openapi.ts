import { z } from 'zod';
import { paymentListQuerySchema, paymentListResponseSchema, refundListQuerySchema, refundPageSchema } from './reporting';
import type { OpenApiParts } from './openapi-parts';

/** Reporting: the payment and refund lists (JSON or CSV). */
export function registerReportingPaths({ registry, security, errors }: OpenApiParts): void {
  registry.registerPath({
    method: 'get',
    path: '/api/payments',
    summary: 'Your payments, newest first: filters and cursor paging; every match as CSV with Accept: text/csv',
    security,
    request: { query: paymentListQuerySchema },
    responses: {
      200: {
        description: 'A page of payments; with Accept: text/csv, every matching payment as RFC 4180 CSV (streamed)',
        content: {
          'application/json': { schema: paymentListResponseSchema },
          'text/csv': { schema: z.string().meta({ description: 'A header row with every ApiPaymentResponse field, then one row per payment' }) },
        },
      },
      ...errors(400, 401, 429),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/refunds',
    summary: 'Your refunds, newest first: filters and cursor paging; every match as CSV with Accept: text/csv',
    security,
    request: { query: refundListQuerySchema },
    responses: {
      200: {
        description: 'A page of refunds (each with its payment’s totals as they stand now); with Accept: text/csv, every matching refund as CSV',
        content: {
          'application/json': { schema: refundPageSchema },
          'text/csv': { schema: z.string().meta({ description: 'A header row with every Refund field, then one row per refund' }) },
        },
      },
      ...errors(400, 401, 429),
    },
  });
}
