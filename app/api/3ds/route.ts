import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { assertAllowedMerchantUrl } from '@/lib/net/merchant-urls';
import { enrollThreeDs } from '@/lib/payments';
import { threeDsRequestSchema } from '@/lib/schemas/three-ds';

// POST /api/3ds — start a 3-D Secure payment: the card's enrollment and the issuer page to show
export const POST = withMerchant({ schema: threeDsRequestSchema }, async ({ db, merchant, body }) => {
  await assertAllowedMerchantUrl('successUrl', body.successUrl);
  await assertAllowedMerchantUrl('failureUrl', body.failureUrl);
  return (await enrollThreeDs({ db, merchant, request: body })).response;
});

const notAllowed = methodNotAllowed('POST');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
