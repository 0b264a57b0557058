import { createCheckout } from '@/lib/checkout/create';
import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { checkoutRequestSchema } from '@/lib/schemas/checkout';

// POST /api/checkout — create a hosted checkout link
export const POST = withMerchant({ schema: checkoutRequestSchema }, ({ db, merchant, body }) =>
  createCheckout({ db, merchant, request: body }),
);

const notAllowed = methodNotAllowed('POST');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
