import { expireCheckout } from '@/lib/checkout/expire';
import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';

// POST /api/checkout/{checkoutId}/expire — end an unpaid link now (no body); answers GET's EXPIRED body
export const POST = withMerchant({}, ({ db, merchant, params }) => expireCheckout({ db, merchant, checkoutId: params.checkoutId }));

const notAllowed = methodNotAllowed('POST');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
