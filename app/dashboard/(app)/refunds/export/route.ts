import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { exportRefundsCsv } from '@/lib/dashboard/exports';
import { refundListQuerySchema } from '@/lib/schemas/dashboard-forms';

export const dynamic = 'force-dynamic';

// GET /dashboard/refunds/export — Export CSV: every refund the list's filters select (?status=&from=&to=)
export async function GET(request: Request) {
  const { merchant } = await requireMerchantSession();
  // The list's filters; its page does not narrow an export.
  const query = { ...refundListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)), page: undefined };
  return exportRefundsCsv({ db: await database(), merchantId: merchant.id, query });
}
