import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { cancelPayment, toApiPaymentResponse } from '@/lib/payments';
import { cancelRequestSchema } from '@/lib/schemas/refund';
import { checkoutFollowUp } from '@/lib/checkout/attempts';

// POST /api/payment/{paymentId}/cancel — void an uncaptured pre-authorization, or a charge before the day's cut-off
export const POST = withMerchant({ schema: cancelRequestSchema }, async ({ db, merchant, params, body }) =>
  toApiPaymentResponse(await cancelPayment({ db, merchant, paymentId: params.paymentId, reason: body.reason, followUp: checkoutFollowUp })),
);

const notAllowed = methodNotAllowed('POST');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
