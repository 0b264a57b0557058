import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { exportCheckoutsCsv } from '@/lib/dashboard/exports';
import { checkoutListQuerySchema } from '@/lib/schemas/dashboard-forms';

export const dynamic = 'force-dynamic';

// GET /dashboard/checkouts/export — Export CSV: every checkout link the list's filters select (?status=&orderId=)
export async function GET(request: Request) {
  const { merchant } = await requireMerchantSession();
  const { page: _page, ...query } = checkoutListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return exportCheckoutsCsv({ db: await database(), merchantId: merchant.id, query });
}
