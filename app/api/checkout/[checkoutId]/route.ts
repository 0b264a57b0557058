import { getCheckoutStatus } from '@/lib/checkout/status';
import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';

// GET /api/checkout/{checkoutId} — the checkout's latest payment attempt (PENDING / EXPIRED before one)
export const GET = withMerchant({}, ({ db, merchant, params }) =>
  getCheckoutStatus({ db, merchant, checkoutId: params.checkoutId }),
);

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
