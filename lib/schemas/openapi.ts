import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { config } from '../config';
import { registerCheckoutPaths } from './checkout.openapi';
import { registerEventsPaths } from './events.openapi';
import { openApiParts } from './openapi-parts';
import { registerPaymentPaths } from './payment.openapi';
import { registerReportingPaths } from './reporting.openapi';

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas the route handlers validate with,
 * assembled from each resource's part (lib/schemas/<resource>.openapi.ts).
 */
export function buildOpenApiDocument() {
  const parts = openApiParts(new OpenAPIRegistry());
  registerPaymentPaths(parts);
  registerReportingPaths(parts);
  registerCheckoutPaths(parts);
  registerEventsPaths(parts);
  const { registry, json, errors } = parts;
  registry.registerPath({
    method: 'get',
    path: '/api/health',
    summary: 'Readiness: the database answers',
    responses: {
      200: json(z.object({ status: z.literal('ok'), database: z.literal('ok'), store: z.enum(['pglite', 'postgres']) }), 'Ready'),
      ...errors(503),
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/api/health/live',
    summary: 'Liveness: the process serves requests',
    responses: { 200: json(z.object({ status: z.literal('ok') }), 'Alive') },
  });

  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Kasa merchant API',
      version: '1.0.0',
      description:
        'Card payments, pre-authorizations, installments and hosted checkout. Authenticate every call with X-API-KEY and X-API-SECRET.',
    },
    servers: [{ url: config.publicBaseUrl }],
  });
}
