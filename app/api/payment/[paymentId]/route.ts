import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { getPayment, toApiPaymentResponse } from '@/lib/payments';

// GET /api/payment/{paymentId} — one of the merchant's payments (Kasa addition)
export const GET = withMerchant({}, async ({ db, merchant, params }) =>
  toApiPaymentResponse(await getPayment({ db, merchant, paymentId: params.paymentId })),
);

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
