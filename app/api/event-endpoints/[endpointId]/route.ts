import { deleteEventEndpoint } from '@/lib/notifications/endpoints';
import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';

// DELETE /api/event-endpoints/{endpointId} — stop sending events there (204)
export const DELETE = withMerchant({}, async ({ db, merchant, params }) => {
  await deleteEventEndpoint({ db, merchantId: merchant.id, endpointId: params.endpointId });
  return new Response(null, { status: 204 });
});

const notAllowed = methodNotAllowed('DELETE');
export { notAllowed as GET, notAllowed as POST, notAllowed as PUT, notAllowed as PATCH };
