import type { Metadata } from 'next';
import Link from 'next/link';
import { CheckoutForm } from '@/components/dashboard/checkout-form';
import { linkClass, PageHeader, Section } from '@/components/dashboard/primitives';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { createCheckoutLink } from '../actions';

export const metadata: Metadata = { title: 'Create checkout link · Kasa' };
export const dynamic = 'force-dynamic';

// GET /dashboard/checkouts/new — create a hosted checkout link, as POST /api/checkout does
export default async function NewCheckoutPage() {
  const { merchant } = await requireMerchantSession();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/dashboard/checkouts" className={linkClass}>
          ← Checkout links
        </Link>
      </p>
      <PageHeader title="Create checkout link" description="The same rules as POST /api/checkout. Send the shopper to the link you get." />
      <div className="max-w-3xl">
        <Section id="new-checkout" title="Checkout details">
          <CheckoutForm action={createCheckoutLink} currencies={merchant.currencies} />
        </Section>
      </div>
    </>
  );
}
