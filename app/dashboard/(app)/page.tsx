import { redirect } from 'next/navigation';
import { DASHBOARD_HOME, requireMerchantSession } from '@/lib/dashboard/session';

// GET /dashboard — the payments list is the dashboard's home
export default async function DashboardPage() {
  await requireMerchantSession();
  redirect(DASHBOARD_HOME);
}
