import { createEventEndpoint, listEventEndpoints, toEventEndpointResponse } from '@/lib/notifications/endpoints';
import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
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
