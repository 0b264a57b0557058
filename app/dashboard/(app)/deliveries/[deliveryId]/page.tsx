import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { AttemptStatus, attemptError } from '@/components/dashboard/attempts';
import { deliveryStateLabel, formatLatency } from '@/components/dashboard/format';
import { Badge, DescriptionList, EmptyState, linkClass, PageHeader, Section, Table, td, th, Time } from '@/components/dashboard/primitives';
import { ResendButton } from '@/components/dashboard/resend-button';
import { getDeliveryDetail } from '@/lib/dashboard/queries';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { resendCallback } from '../actions';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ deliveryId: string }> };

/** The delivery, or a 404 page: another merchant's event is as unknown as a made-up id. */
const loadDelivery = cache(async (deliveryId: string) => {
  const { merchant } = await requireMerchantSession();
  try {
    return await getDeliveryDetail({ db: await database(), merchantId: merchant.id, deliveryId });
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const delivery = await loadDelivery((await params).deliveryId);
  return { title: `Callback ${delivery.id} · Kasa` };
}

// GET /dashboard/deliveries/{eventId} — one callback event and every attempt to deliver it
export default async function DeliveryPage({ params }: Props) {
  const delivery = await loadDelivery((await params).deliveryId);
  const state = deliveryStateLabel(delivery);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/dashboard/deliveries" className={linkClass}>
          ← Callbacks
        </Link>
      </p>
      <PageHeader
        title={
          <>
            <span className="sr-only">Callback event </span>
            <span className="font-mono">{delivery.id}</span>
          </>
        }
        actions={<ResendButton action={resendCallback} deliveryId={delivery.id} label={`Resend event ${delivery.id}`} size="regular" />}
      >
        <div className="mt-2 flex flex-wrap items-center gap-3 text-sm text-slate-700">
          <Badge tone={state.tone}>{state.label}</Badge>
          <span>
            Reports <span className="font-mono">{delivery.checkoutStatus}</span> for order{' '}
            <Link href={`/dashboard/checkouts/${delivery.checkoutId}`} className={linkClass}>
              {delivery.orderId}
            </Link>
          </span>
        </div>
      </PageHeader>
      <div className="grid grid-cols-1 gap-5 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Section id="attempts" title="Attempts" description="Oldest first. Any 2xx answer counts as delivered; redirects are not followed." flush>
            <Table
              label="Attempts"
              head={
                <tr>
                  <th scope="col" className={th}>#</th>
                  <th scope="col" className={th}>Time</th>
                  <th scope="col" className={th}>HTTP status</th>
                  <th scope="col" className={`${th} text-right`}>Latency</th>
                  <th scope="col" className={th}>Error</th>
                </tr>
              }
              empty={delivery.attempts.length === 0 ? <EmptyState>Not tried yet.</EmptyState> : null}
            >
              {delivery.attempts.map((attempt, index) => (
                <tr key={attempt.id}>
                  <td className={`${td} tabular-nums text-slate-700`}>{index + 1}</td>
                  <td className={`${td} text-slate-700`}>
                    <Time date={attempt.attemptedAt} seconds />
                  </td>
                  <td className={td}>
                    <AttemptStatus attempt={attempt} />
                  </td>
                  <td className={`${td} text-right tabular-nums text-slate-700`}>{formatLatency(attempt.latencyMs)}</td>
                  <td className={`${td} break-all text-red-800`}>{attemptError(attempt) ?? <span className="text-slate-500">—</span>}</td>
                </tr>
              ))}
            </Table>
          </Section>
        </div>
        <Section id="event" title="Event">
          <DescriptionList
            items={[
              { term: 'Event id', value: delivery.id, mono: true },
              { term: 'Sequence', value: delivery.sequence },
              { term: 'Checkout id', value: delivery.checkoutId, mono: true },
              { term: 'Event', value: delivery.eventType, mono: true },
              { term: 'Status reported', value: delivery.checkoutStatus, mono: true },
              { term: 'URL', value: delivery.url, mono: true },
              { term: 'Created', value: <Time date={delivery.createdAt} seconds /> },
              { term: 'Delivered', value: <Time date={delivery.deliveredAt} seconds /> },
              { term: 'Next attempt', value: delivery.state === 'PENDING' ? <Time date={delivery.nextAttemptAt} seconds /> : null },
            ]}
          />
        </Section>
      </div>
    </>
  );
}
