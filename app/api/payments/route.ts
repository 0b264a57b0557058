import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { wantsCsv } from '@/lib/reporting/csv';
import { listPayments } from '@/lib/reporting/payments';
import { paymentListQuerySchema } from '@/lib/schemas/reporting';

// GET /api/payments — the merchant's payments, newest first, filtered and cursor-paged; CSV with Accept: text/csv
export const GET = withMerchant({ query: paymentListQuerySchema }, ({ db, merchant, query, request }) =>
  listPayments({ db, merchant, query, csv: wantsCsv(request) }),
);

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
