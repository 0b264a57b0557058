import type { TimelineStep } from '@/lib/dashboard/queries';
import { Time } from './primitives';

const labels: Record<TimelineStep['event'], { done: string; pending: string }> = {
  created: { done: 'Created', pending: 'Created' },
  enrolled: { done: '3-D Secure started', pending: '3-D Secure not started' },
  authenticated: { done: '3-D Secure authenticated', pending: '3-D Secure authentication' },
  authorized: { done: 'Authorized', pending: 'Awaiting authorization' },
  captured: { done: 'Captured', pending: 'Awaiting capture' },
  failed: { done: 'Failed', pending: 'Failed' },
  released: { done: 'Released uncaptured', pending: 'Released uncaptured' },
};

const dotClass: Record<TimelineStep['event'], string> = {
  created: 'bg-slate-400',
  enrolled: 'bg-sky-500',
  authenticated: 'bg-sky-600',
  authorized: 'bg-green-600',
  captured: 'bg-green-700',
  failed: 'bg-red-600',
  released: 'bg-amber-500',
};

/** The payment's steps in order; steps still to come are drawn hollow and say so. */
export function PaymentTimeline({ steps }: { steps: TimelineStep[] }) {
  return (
    <ol className="relative space-y-3 border-l border-slate-200 pl-4 text-sm">
      {steps.map((step, index) => (
        <li key={`${step.event}-${index}`} className="relative">
          <span
            aria-hidden="true"
            className={`absolute top-1.5 -left-[21px] size-2.5 rounded-full ring-2 ring-white ${step.pending ? 'border border-slate-400 bg-white' : dotClass[step.event]}`}
          />
          <p className={step.pending ? 'text-slate-600 italic' : 'font-medium text-slate-900'}>{step.pending ? labels[step.event].pending : labels[step.event].done}</p>
          {step.at ? (
            <p className="text-xs text-slate-600">
              <Time date={step.at} seconds />
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
