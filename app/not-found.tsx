import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';

export const metadata: Metadata = { title: 'Page not found · Kasa', robots: { index: false, follow: false } };

// Any unknown page: rendered per request so that Next.js puts proxy.ts's CSP nonce on its scripts.
export default async function NotFound() {
  await connection();
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <p className="text-sm font-semibold text-slate-600">404</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-3 text-slate-600">
        There is no page at this address. <Link className="text-brand underline" href="/">Kasa</Link>
      </p>
    </main>
  );
}
