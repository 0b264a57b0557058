import { withMerchant } from '@/lib/http/handler';
import { getPayment, toApiPaymentResponse } from '@/lib/payments';

// GET /api/payment/{paymentId} — one of the merchant's payments (Kasa addition)
export const GET = withMerchant({}, async ({ db, merchant, params }) =>
  toApiPaymentResponse(await getPayment({ db, merchant, paymentId: params.paymentId! })),
);
