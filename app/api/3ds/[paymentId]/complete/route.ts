import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { completeThreeDs, toApiPaymentResponse } from '@/lib/payments';
import { threeDsCompleteRequestSchema } from '@/lib/schemas/three-ds';
import { checkoutFollowUp } from '@/lib/checkout/attempts';

// POST /api/3ds/{paymentId}/complete — authorize an authenticated payment with the issuer's securityKey
export const POST = withMerchant({ schema: threeDsCompleteRequestSchema }, async ({ db, merchant, params, body }) =>
  toApiPaymentResponse(await completeThreeDs({ db, merchant, paymentId: params.paymentId, securityKey: body.securityKey, followUp: checkoutFollowUp })),
);

const notAllowed = methodNotAllowed('POST');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
