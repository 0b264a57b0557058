'use client';

// An unexpected failure while rendering the checkout (the database is down, …): no details, a retry.
export default function CheckoutError({ retry }: { error: unknown; retry: () => void }) {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Something went wrong</h1>
      <p className="mt-2 text-slate-700" lang="tr">
        Bir sorun oluştu.
      </p>
      <p className="mt-3 text-slate-600">Please try again in a moment.</p>
      <button
        type="button"
        onClick={() => { retry(); }}
        className="mt-6 rounded-lg bg-brand px-5 py-2.5 font-semibold text-white hover:bg-brand-dark focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand"
      >
        Try again · Tekrar dene
      </button>
    </main>
  );
}
