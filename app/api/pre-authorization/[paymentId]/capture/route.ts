import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { capturePreAuthorization, toApiPaymentResponse } from '@/lib/payments';
import { captureRequestSchema } from '@/lib/schemas/payment';

// POST /api/pre-authorization/{paymentId}/capture — capture all or part of a pre-authorization, once
export const POST = withMerchant({ schema: captureRequestSchema }, async ({ db, merchant, params, body }) =>
  toApiPaymentResponse(await capturePreAuthorization({ db, merchant, paymentId: params.paymentId, request: body })),
);

const notAllowed = methodNotAllowed('POST');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
