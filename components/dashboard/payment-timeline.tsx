import type { TimelineStep } from '@/lib/dashboard/queries';
import { formatAmount } from './format';
import { Time } from './primitives';

type Event = Exclude<TimelineStep['event'], 'refund'>;

const labels: Record<Event, { done: string; pending: string }> = {
  created: { done: 'Created', pending: 'Created' },
  enrolled: { done: '3-D Secure started', pending: '3-D Secure not started' },
  authenticated: { done: '3-D Secure authenticated', pending: '3-D Secure authentication' },
  authorized: { done: 'Authorized', pending: 'Awaiting authorization' },
  captured: { done: 'Captured', pending: 'Awaiting capture' },
  failed: { done: 'Failed', pending: 'Failed' },
  released: { done: 'Released uncaptured', pending: 'Released uncaptured' },
  cancelled: { done: 'Cancelled', pending: 'Cancelled' },
};

const dotClass: Record<Event, string> = {
  created: 'bg-slate-400',
  enrolled: 'bg-sky-500',
  authenticated: 'bg-sky-600',
  authorized: 'bg-green-600',
  captured: 'bg-green-700',
  failed: 'bg-red-600',
  released: 'bg-amber-500',
  cancelled: 'bg-slate-600',
};

const refundDot = { SUCCESS: 'bg-violet-600', FAILED: 'bg-red-600', PROCESSING: 'border border-violet-600 bg-white' } as const;

/** A refund's line: "Refunded TRY 30.00", "Refund of TRY 30.00 declined", "Refund of TRY 30.00 at the bank". */
function refundLabel(step: Extract<TimelineStep, { event: 'refund' }>): string {
  const amount = formatAmount(step.amount, step.currency);
  if (step.status === 'SUCCESS') return `Refunded ${amount}`;
  if (step.status === 'FAILED') return `Refund of ${amount} declined`;
  return `Refund of ${amount} at the bank`;
}

/** The payment's steps in order; steps still to come are drawn hollow and say so. */
export function PaymentTimeline({ steps }: { steps: TimelineStep[] }) {
  return (
    <ol className="relative space-y-3 border-l border-slate-200 pl-4 text-sm">
      {steps.map((step, index) => {
        const pending = step.event !== 'refund' && step.pending;
        const dot = step.event === 'refund' ? refundDot[step.status] : pending ? 'border border-slate-400 bg-white' : dotClass[step.event];
        return (
          <li key={`${step.event}-${index}`} className="relative">
            <span aria-hidden="true" className={`absolute top-1.5 -left-[21px] size-2.5 rounded-full ring-2 ring-white ${dot}`} />
            <p className={pending ? 'text-slate-600 italic' : 'font-medium text-slate-900'}>
              {step.event === 'refund' ? refundLabel(step) : pending ? labels[step.event].pending : labels[step.event].done}
            </p>
            {step.event === 'refund' && step.status === 'FAILED' && step.resultMessage ? <p className="text-xs text-red-700">{step.resultMessage}</p> : null}
            {step.at ? (
              <p className="text-xs text-slate-600">
                <Time date={step.at} seconds />
              </p>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
