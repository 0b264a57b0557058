import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { listRefunds } from '@/lib/payments';

// GET /api/payment/{paymentId}/refunds — the payment's refunds, oldest first
export const GET = withMerchant({}, async ({ db, merchant, params }) => ({
  refunds: await listRefunds({ db, merchant, paymentId: params.paymentId }),
}));

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
