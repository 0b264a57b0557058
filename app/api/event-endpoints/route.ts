import { createEventEndpoint, listEventEndpoints, toEventEndpointResponse } from '@/lib/events/endpoints';
import { withMerchant } from '@/lib/http/handler';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { eventEndpointRequestSchema } from '@/lib/schemas/events';

// POST /api/event-endpoints — register an event endpoint (at most 5)
export const POST = withMerchant({ schema: eventEndpointRequestSchema }, ({ db, merchant, body }) =>
  createEventEndpoint({ db, merchantId: merchant.id, request: body }),
);

// GET /api/event-endpoints — the merchant's event endpoints
export const GET = withMerchant({}, async ({ db, merchant }) => ({
  data: (await listEventEndpoints({ db, merchantId: merchant.id })).map(toEventEndpointResponse),
}));

const notAllowed = methodNotAllowed('GET', 'POST');
export { notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
