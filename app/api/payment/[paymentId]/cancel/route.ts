import { withMerchant } from '@/lib/http/handler';
import { methodNotAllowed } from '@/lib/http/method-not-allowed';
import { cancelPayment, toApiPaymentResponse } from '@/lib/payments';
import { cancelRequestSchema } from '@/lib/schemas/refund';

// POST /api/payment/{paymentId}/cancel — void an uncaptured pre-authorization, or a charge before the day's cut-off
export const POST = withMerchant({ schema: cancelRequestSchema }, async ({ db, merchant, params, body }) =>
  toApiPaymentResponse(await cancelPayment({ db, merchant, paymentId: params.paymentId!, reason: body.reason })),
);

const notAllowed = methodNotAllowed('POST');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
