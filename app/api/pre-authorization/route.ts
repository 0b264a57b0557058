import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { authorizePayment, toApiPaymentResponse } from '@/lib/payments';
import { paymentRequestSchema } from '@/lib/schemas/payment';

// POST /api/pre-authorization — reserve an amount on the card, captured later
export const POST = withMerchant({ schema: paymentRequestSchema }, async ({ db, merchant, body }) =>
  toApiPaymentResponse(await authorizePayment({ db, merchant, request: body, transactionType: 'PRE_AUTHORIZATION' })),
);

const notAllowed = methodNotAllowed('POST');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
