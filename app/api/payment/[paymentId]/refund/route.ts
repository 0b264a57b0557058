import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { refundPayment } from '@/lib/payments';
import { refundRequestSchema } from '@/lib/schemas/refund';

// POST /api/payment/{paymentId}/refund — refund part or all of what is still refundable
export const POST = withMerchant({ schema: refundRequestSchema }, async ({ db, merchant, params, body }) =>
  refundPayment({ db, merchant, paymentId: params.paymentId, request: body }),
);

const notAllowed = methodNotAllowed('POST');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
