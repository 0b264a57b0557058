import Link from 'next/link';
import { connection } from 'next/server';

// Rendered per request so that Next.js puts proxy.ts's CSP nonce on its scripts.
export default async function HomePage() {
  await connection();
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-3xl font-semibold tracking-tight">Kasa</h1>
      <p className="mt-3 text-slate-600">
        An open-source, self-hostable card payment gateway. This server speaks the merchant API described in its{' '}
        <Link className="text-brand underline" href="/api/openapi.json">
          OpenAPI document
        </Link>
        .
      </p>
      <ul className="mt-6 list-disc space-y-1 pl-6 text-slate-700">
        <li>
          <code>POST /api/payment</code>, <code>POST /api/pre-authorization</code>, <code>POST /api/pre-authorization/&#123;paymentId&#125;/capture</code>
        </li>
        <li>
          <code>POST /api/installment-options</code>
        </li>
        <li>
          <code>GET /api/health</code>
        </li>
      </ul>
    </main>
  );
}
