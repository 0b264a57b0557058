import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { exportCheckoutsCsv } from '@/lib/dashboard/exports';
import { checkoutListQuerySchema } from '@/lib/schemas/dashboard-forms';

export const dynamic = 'force-dynamic';

// GET /dashboard/checkouts/export — Export CSV: every checkout link the list's filters select (?status=&orderId=)
export async function GET(request: Request) {
  const { merchant } = await requireMerchantSession();
  // The list's filters; its page does not narrow an export.
  const query = { ...checkoutListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)), page: undefined };
  return exportCheckoutsCsv({ db: await database(), merchantId: merchant.id, query });
}
