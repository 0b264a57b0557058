import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { CopyField } from '@/components/dashboard/copy-field';
import { checkoutStatusLabel, deliveryStateLabel, formatAmount, paymentStatusLabel, schemeNames } from '@/components/dashboard/format';
import { Badge, DescriptionList, EmptyState, linkClass, PageHeader, Section, Table, td, th, Time } from '@/components/dashboard/primitives';
import { getCheckoutDetail } from '@/lib/dashboard/queries';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ checkoutId: string }> };

/** The checkout link, or a 404 page: another merchant's checkout is as unknown as a made-up id. */
const loadCheckout = cache(async (checkoutId: string) => {
  const { merchant } = await requireMerchantSession();
  try {
    return await getCheckoutDetail({ db: await database(), merchantId: merchant.id, checkoutId });
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { checkout } = await loadCheckout((await params).checkoutId);
  return { title: `Checkout ${checkout.orderId} · Kasa` };
}

// GET /dashboard/checkouts/{checkoutId} — one checkout link: its fields, payment attempts and callbacks
export default async function CheckoutPage({ params }: Props) {
  const { checkout, attempts, deliveries } = await loadCheckout((await params).checkoutId);
  const status = checkoutStatusLabel[checkout.listStatus];
  const open = checkout.listStatus === 'PENDING' || checkout.listStatus === 'FAILED';

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/dashboard/checkouts" className={linkClass}>
          ← Checkout links
        </Link>
      </p>
      <PageHeader
        title={
          <>
            <span className="sr-only">Checkout link for order </span>
            <span className="font-mono">{checkout.orderId}</span>
          </>
        }
      >
        <div className="mt-2 flex flex-wrap items-center gap-3 text-sm text-slate-700">
          <span className="text-lg font-semibold text-slate-900 tabular-nums">{formatAmount(checkout.amount, checkout.currency)}</span>
          <Badge tone={status.tone}>{status.label}</Badge>
          <span>
            Created <Time date={checkout.createdAt} />
          </span>
        </div>
      </PageHeader>

      <div className="grid grid-cols-1 gap-5 lg:grid-cols-3">
        <div className="space-y-5 lg:col-span-2">
          {open ? (
            <Section id="link" title="Link for the shopper">
              <CopyField label="Checkout link" value={checkout.redirectUrl} />
            </Section>
          ) : null}
          <Section id="attempts" title="Payment attempts" description={`${checkout.failedAttempts} failed of at most 3 before the link closes.`} flush>
            <Table
              label="Payment attempts"
              head={
                <tr>
                  <th scope="col" className={th}>Time</th>
                  <th scope="col" className={th}>Status</th>
                  <th scope="col" className={th}>Card</th>
                  <th scope="col" className={th}>Result</th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Details</span>
                  </th>
                </tr>
              }
              empty={attempts.length === 0 ? <EmptyState>No payment attempt yet.</EmptyState> : null}
            >
              {attempts.map((payment) => (
                <tr key={payment.id}>
                  <td className={`${td} text-slate-700`}>
                    <Time date={payment.createdAt} seconds />
                  </td>
                  <td className={td}>
                    <Badge tone={paymentStatusLabel[payment.status].tone}>{paymentStatusLabel[payment.status].label}</Badge>
                  </td>
                  <td className={`${td} whitespace-nowrap text-slate-700`}>
                    {schemeNames[payment.cardScheme] ?? payment.cardScheme} {payment.panMasked}
                  </td>
                  <td className={`${td} text-slate-700`}>{payment.resultMessage ?? '—'}</td>
                  <td className={`${td} text-right`}>
                    <Link href={`/dashboard/payments/${payment.id}`} className={linkClass}>
                      View<span className="sr-only"> payment attempt of <Time date={payment.createdAt} seconds /></span>
                    </Link>
                  </td>
                </tr>
              ))}
            </Table>
          </Section>
          <Section id="callbacks" title="Callbacks" description={`Sent to ${checkout.callbackUrl}`} flush>
            <Table
              label="Callbacks"
              head={
                <tr>
                  <th scope="col" className={th}>#</th>
                  <th scope="col" className={th}>Event</th>
                  <th scope="col" className={th}>Reports</th>
                  <th scope="col" className={th}>Delivery</th>
                  <th scope="col" className={`${th} text-right`}>Attempts</th>
                </tr>
              }
              empty={deliveries.length === 0 ? <EmptyState>No callback yet: one is sent after every processed payment attempt.</EmptyState> : null}
            >
              {deliveries.map((delivery) => {
                const state = deliveryStateLabel(delivery);
                return (
                  <tr key={delivery.id}>
                    <td className={`${td} tabular-nums text-slate-700`}>{delivery.sequence}</td>
                    <td className={`${td} font-mono text-[13px]`}>
                      <Link href={`/dashboard/deliveries/${delivery.id}`} className={linkClass}>
                        {delivery.id}
                      </Link>
                    </td>
                    <td className={`${td} font-mono text-[13px] text-slate-700`}>{delivery.checkoutStatus}</td>
                    <td className={td}>
                      <Badge tone={state.tone}>{state.label}</Badge>
                    </td>
                    <td className={`${td} text-right tabular-nums text-slate-700`}>{delivery.attemptCount}</td>
                  </tr>
                );
              })}
            </Table>
          </Section>
        </div>
        <Section id="checkout-fields" title="Details">
          <DescriptionList
            items={[
              { term: 'Checkout id', value: checkout.id, mono: true },
              { term: 'Order id', value: checkout.orderId, mono: true },
              { term: 'Amount', value: formatAmount(checkout.amount, checkout.currency) },
              { term: 'Description', value: checkout.description },
              { term: 'Installments', value: checkout.maxInstallmentCount > 1 ? `Up to ${checkout.maxInstallmentCount}` : 'Single payment' },
              { term: 'Interest paid by', value: checkout.maxInstallmentCount > 1 ? (checkout.interestPaidByCustomer ? 'Customer' : 'You') : null },
              { term: 'Customer id', value: checkout.customerId, mono: true },
              { term: 'Callback URL', value: checkout.callbackUrl, mono: true },
              { term: 'Return URL', value: checkout.returnUrl, mono: true },
              { term: 'Expires', value: <Time date={checkout.expiresAt} /> },
            ]}
          />
        </Section>
      </div>
    </>
  );
}
