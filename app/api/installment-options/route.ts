import { withMerchant } from '@/lib/http/handler';
import { listInstallmentOptions } from '@/lib/payments';
import { installmentOptionsRequestSchema } from '@/lib/schemas/installments';

// POST /api/installment-options — the installment plans a card allows for an amount
export const POST = withMerchant({ schema: installmentOptionsRequestSchema }, async ({ merchant, body }) =>
  listInstallmentOptions({ merchant, request: body }),
);
