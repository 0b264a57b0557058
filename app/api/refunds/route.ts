import { withMerchant } from '@/lib/http/route';
import { methodNotAllowed } from '@/lib/http/route';
import { wantsCsv } from '@/lib/reporting/csv';
import { listRefundsPage } from '@/lib/reporting/refunds';
import { refundListQuerySchema } from '@/lib/schemas/reporting';

// GET /api/refunds — the merchant's refunds, newest first, filtered and cursor-paged; CSV with Accept: text/csv
export const GET = withMerchant({ query: refundListQuerySchema }, ({ db, merchant, query, request }) =>
  listRefundsPage({ db, merchant, query, csv: wantsCsv(request) }),
);

const notAllowed = methodNotAllowed('GET');
export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
