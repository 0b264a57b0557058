import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { listInstallmentOptions } from '@/lib/payments';
import { installmentOptionsRequestSchema } from '@/lib/schemas/installments';

// POST /api/installment-options — the installment plans a card allows for an amount
export const POST = withMerchant({ schema: installmentOptionsRequestSchema }, ({ db, merchant, body }) =>
  listInstallmentOptions({ db, merchant, request: body }),
);

const notAllowed = methodNotAllowed('POST');
export { notAllowed as GET, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
