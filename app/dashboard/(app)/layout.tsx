import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { DashboardNav } from '@/components/dashboard/nav';
import { config } from '@/lib/config';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { signOut } from './actions';

export const metadata: Metadata = { title: 'Dashboard · Kasa' };

const links = [
  { href: '/dashboard/overview', label: 'Overview' },
  { href: '/dashboard/payments', label: 'Payments' },
  { href: '/dashboard/checkouts', label: 'Checkout links' },
  { href: '/dashboard/refunds', label: 'Refunds' },
  { href: '/dashboard/deliveries', label: 'Callbacks' },
  { href: '/dashboard/settings', label: 'Settings' },
];

/**
 * The signed-in dashboard's frame. The layout checks the session for the shell it draws; every page
 * and server action below checks it again itself (layouts are not re-run on every navigation, and
 * actions are reachable by direct POST).
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { user, merchant } = await requireMerchantSession();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-6 px-4 sm:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <span className="text-base font-semibold tracking-tight text-slate-900">Kasa</span>
            <span aria-hidden="true" className="text-slate-300">
              /
            </span>
            <span className="truncate text-sm font-medium text-slate-700" title={merchant.id}>
              {merchant.name}
            </span>
            {config.mode === 'sandbox' ? (
              <span className="rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-xs font-semibold text-amber-900">
                Sandbox
              </span>
            ) : null}
          </div>
          <DashboardNav links={links} />
          <div className="ml-auto flex items-center gap-3">
            <span className="hidden truncate text-xs text-slate-500 md:inline">{user.email}</span>
            <form action={signOut}>
              <button
                type="submit"
                className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand"
              >
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6">{children}</main>
    </div>
  );
}
