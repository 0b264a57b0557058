import { randomUUID } from 'node:crypto';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { CaptureForm } from '@/components/dashboard/capture-form';
import { formatAmount, formatMajor, paymentStatusLabel, refundStatusLabel, schemeNames, transactionLabel } from '@/components/dashboard/format';
import { PaymentMoneyBack } from '@/components/dashboard/payment-money-back';
import { Badge, DescriptionList, linkClass, PageHeader, Section, Time } from '@/components/dashboard/primitives';
import { PaymentTimeline } from '@/components/dashboard/payment-timeline';
import { getPaymentDetail } from '@/lib/dashboard/queries';
import { requireMerchantSession } from '@/lib/dashboard/session';
import { database } from '@/lib/db/client';
import { AppError } from '@/lib/errors';
import { toMajorUnits } from '@/lib/money';
import { cancelPaymentAction, capturePayment, refundPaymentAction } from '../actions';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ paymentId: string }> };

/** The payment, or a 404 page: another merchant's payment is as unknown as a made-up id. */
const loadPayment = cache(async (paymentId: string) => {
  const { merchant } = await requireMerchantSession();
  try {
    return await getPaymentDetail({ db: await database(), merchantId: merchant.id, paymentId });
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { payment } = await loadPayment((await params).paymentId);
  return { title: `Payment ${payment.orderId} · Kasa` };
}

const threeDsOutcome = {
  CHALLENGE: { label: 'Challenge open', tone: 'sky' },
  AUTHENTICATED: { label: 'Authenticated', tone: 'green' },
  FAILED: { label: 'Not authenticated', tone: 'red' },
} as const;

// GET /dashboard/payments/{paymentId} — one payment: its API fields, 3-D Secure outcome, timeline, capture, refund and cancel
export default async function PaymentPage({ params }: Props) {
  const detail = await loadPayment((await params).paymentId);
  const { payment, response, threeDs, checkout, timeline, canCapture } = detail;
  const status = paymentStatusLabel[payment.status];
  const refunded = response.refundStatus && response.refundStatus !== 'NOT_REFUNDED' ? refundStatusLabel[response.refundStatus] : null;
  // One refund reference per rendering of the form: the same form sent twice (a double click, a
  // retried post) names the same refund and never refunds twice; each refund renders a new one.
  const refundReference = `dash-${randomUUID()}`;
  const money = (major: number | null) => (major === null ? null : formatMajor(major, response.currency));

  const fields: { term: string; api: string; value: React.ReactNode; mono?: boolean }[] = [
    { term: 'Payment id', api: 'paymentId', value: response.paymentId, mono: true },
    { term: 'Order id', api: 'orderId', value: response.orderId, mono: true },
    { term: 'Status', api: 'status', value: response.status, mono: true },
    { term: 'Transaction type', api: 'transactionType', value: response.transactionType, mono: true },
    { term: 'Amount', api: 'amount', value: money(response.amount) },
    { term: 'Currency', api: 'currency', value: response.currency, mono: true },
    { term: 'Installments', api: 'installmentCount', value: response.installmentCount },
    { term: 'Interest (paid by customer)', api: 'interestAmount', value: money(response.interestAmount) },
    { term: 'Total charged', api: 'totalAmount', value: money(response.totalAmount) },
    { term: 'Authorized amount', api: 'authorizedAmount', value: money(response.authorizedAmount) },
    { term: 'Captured amount', api: 'capturedAmount', value: money(response.capturedAmount) },
    { term: 'Merchant commission', api: 'merchantCommission', value: money(response.merchantCommission) },
    { term: 'Refunded amount', api: 'refundedAmount', value: money(response.refundedAmount) },
    { term: 'Refund status', api: 'refundStatus', value: response.refundStatus, mono: true },
    { term: 'Cancelled at', api: 'cancelledAt', value: response.cancelledAt, mono: true },
    { term: 'Payment date', api: 'paymentDate', value: response.paymentDate, mono: true },
    { term: 'Cardholder name', api: 'cardHolderName', value: response.cardHolderName },
    { term: 'Card number', api: 'pan', value: response.pan, mono: true },
    { term: 'Card scheme', api: 'cardScheme', value: response.cardScheme, mono: true },
    { term: 'Card type', api: 'cardType', value: response.cardType, mono: true },
    { term: 'Domestic / international', api: 'domInt', value: response.domInt, mono: true },
    { term: 'Loyalty program', api: 'loyaltyCode', value: response.loyaltyCode, mono: true },
    { term: 'Result code', api: 'resultCode', value: response.resultCode, mono: true },
    { term: 'Result message', api: 'resultMessage', value: response.resultMessage },
    { term: 'Authorization code', api: 'authCode', value: response.authCode, mono: true },
    { term: 'Bank transaction id', api: 'externalTransactionId', value: response.externalTransactionId, mono: true },
    { term: 'Customer id', api: 'customerId', value: response.customerId, mono: true },
  ];

  const capturedNote =
    payment.capturedAmount !== null && payment.capturedAt
      ? `Captured ${formatAmount(payment.capturedAmount, payment.currency)} of ${formatAmount(payment.authorizedAmount ?? payment.amount, payment.currency)}.`
      : payment.status === 'CANCELLED'
        ? 'This pre-authorization was cancelled: the hold is released and there is nothing to capture.'
        : payment.status === 'SUCCESS' || payment.status === 'EXPIRED'
          ? 'This pre-authorization can no longer be captured: its window has passed and the bank released the hold.'
          : 'This pre-authorization was not approved, so there is nothing to capture.';

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/dashboard/payments" className={linkClass}>
          ← Payments
        </Link>
      </p>
      <PageHeader
        title={
          <>
            <span className="sr-only">Payment for order </span>
            <span className="font-mono">{payment.orderId}</span>
          </>
        }
      >
        <div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700">
          <span className="text-lg font-semibold text-slate-900 tabular-nums">{money(response.amount)}</span>
          <Badge tone={status.tone}>{status.label}</Badge>
          {refunded ? <Badge tone={refunded.tone}>{refunded.label}</Badge> : null}
          <span>{transactionLabel(payment)}</span>
          <span aria-hidden="true" className="text-slate-300">
            ·
          </span>
          <span>
            {schemeNames[payment.cardScheme] ?? payment.cardScheme} {payment.panMasked}
          </span>
          <span aria-hidden="true" className="text-slate-300">
            ·
          </span>
          <Time date={payment.createdAt} seconds />
        </div>
      </PageHeader>

      <div className="grid grid-cols-1 gap-5 lg:grid-cols-3">
        <div className="space-y-5 lg:col-span-2">
          {payment.transactionType === 'PRE_AUTHORIZATION' ? (
            <Section id="capture" title="Capture" description="Same rules as POST /api/pre-authorization/{paymentId}/capture.">
              <CaptureForm
                action={capturePayment}
                paymentId={payment.id}
                currency={payment.currency}
                authorizedMajor={String(toMajorUnits(payment.authorizedAmount ?? payment.amount, payment.currency))}
                authorizedLabel={formatAmount(payment.authorizedAmount ?? payment.amount, payment.currency)}
                open={canCapture}
                closedNote={capturedNote}
              />
            </Section>
          ) : null}
          <PaymentMoneyBack detail={detail} reference={refundReference} refundAction={refundPaymentAction} cancelAction={cancelPaymentAction} />
          <Section id="details" title="Payment details" description="The fields of this payment’s ApiPaymentResponse.">
            <DescriptionList
              columns={2}
              items={fields.map((field) => ({
                term: (
                  <>
                    {field.term}
                    <span className="block font-mono text-[11px] text-slate-600">{field.api}</span>
                  </>
                ),
                value: field.value,
                mono: field.mono,
              }))}
            />
            <details className="mt-3 border-t border-slate-200 pt-3">
              <summary className="cursor-pointer rounded-sm text-sm font-medium text-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand">
                As JSON (GET /api/payment/{payment.id})
              </summary>
              {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a horizontally scrolling region must take focus so keyboard users can scroll it (WCAG 2.1.1, axe scrollable-region-focusable) */}
              <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 p-3 text-xs text-slate-100" tabIndex={0} aria-label="Payment as JSON">
                {JSON.stringify(response, null, 2)}
              </pre>
            </details>
          </Section>
        </div>
        <div className="space-y-5">
          <Section id="timeline" title="Timeline">
            <PaymentTimeline steps={timeline} />
          </Section>
          <Section id="three-ds" title="3-D Secure">
            {threeDs ? (
              <DescriptionList
                items={[
                  { term: 'Outcome', value: <Badge tone={threeDsOutcome[threeDs.outcome].tone}>{threeDsOutcome[threeDs.outcome].label}</Badge> },
                  { term: 'Started', value: <Time date={threeDs.createdAt} seconds /> },
                  { term: 'Completed', value: <Time date={threeDs.completedAt} seconds /> },
                ]}
              />
            ) : (
              <p className="text-sm text-slate-700">Not used: a direct {payment.transactionType === 'SALE' ? 'sale' : 'pre-authorization'} without 3-D Secure.</p>
            )}
          </Section>
          {checkout ? (
            <Section id="checkout" title="Checkout link">
              <p className="text-sm text-slate-700">
                An attempt of checkout{' '}
                <Link href={`/dashboard/checkouts/${checkout.id}`} className={linkClass}>
                  {checkout.orderId}
                </Link>
                .
              </p>
            </Section>
          ) : null}
        </div>
      </div>
    </>
  );
}
