import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { exportPaymentsCsv } from '@/lib/dashboard/exports';
import { paymentListQuerySchema } from '@/lib/schemas/dashboard-forms';

export const dynamic = 'force-dynamic';

// GET /dashboard/payments/export — Export CSV: every payment the list's filters select (?status=&refundStatus=&from=&to=&orderId=&last4=)
export async function GET(request: Request) {
  const { merchant } = await requireMerchantSession();
  // The list's filters; its page does not narrow an export.
  const query = { ...paymentListQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams)), page: undefined };
  return exportPaymentsCsv({ db: await database(), merchantId: merchant.id, query });
}
