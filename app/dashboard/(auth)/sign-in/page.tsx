import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/dashboard/sign-in-form';
import { config } from '@/lib/config';
import { currentIdentity, safeNextPath } from '@/lib/dashboard/session';
import { signIn } from './actions';

export const metadata: Metadata = { title: 'Sign in · Kasa' };

// GET /dashboard/sign-in — the dashboard's sign-in page (?next=/dashboard/… returns there afterwards)
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next } = await searchParams;
  const nextPath = typeof next === 'string' ? safeNextPath(next) : undefined;
  if (await currentIdentity()) redirect(nextPath ?? safeNextPath(undefined));
  return (
    <main className="flex min-h-screen items-start justify-center px-4 pt-16 sm:pt-24">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-between">
          <p className="text-lg font-semibold tracking-tight text-slate-900">Kasa</p>
          {config.mode === 'sandbox' ? (
            <p className="rounded-full border border-amber-300 bg-amber-50 px-2 py-0.5 text-xs font-semibold text-amber-900">Sandbox</p>
          ) : null}
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="text-base font-semibold text-slate-900">Sign in to your dashboard</h1>
          <p className="mt-1 text-sm text-slate-600">Payments, checkout links and callbacks of your shop.</p>
          <SignInForm action={signIn} next={nextPath} />
        </div>
      </div>
    </main>
  );
}
