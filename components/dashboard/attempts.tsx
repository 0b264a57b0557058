import { deliveryFailureCategory } from '@/lib/dashboard/delivery-failure';
import type { CallbackAttempt } from '@/lib/db/schema';
import { formatLatency } from './format';
import { Badge, Time } from './primitives';

/** An attempt's answer: the HTTP status (green for 2xx) or, with no answer, "No response". */
export function AttemptStatus({ attempt }: { attempt: Pick<CallbackAttempt, 'statusCode' | 'error'> }) {
  if (attempt.statusCode === null) return <Badge tone="red">No response</Badge>;
  const ok = attempt.statusCode >= 200 && attempt.statusCode < 300;
  return <Badge tone={ok ? 'green' : 'red'}>HTTP {attempt.statusCode}</Badge>;
}

/** The attempt's failure as a category (refused, timeout, TLS…), unless the HTTP status beside it says it all. */
export const attemptError = (attempt: Pick<CallbackAttempt, 'statusCode' | 'error'>) => deliveryFailureCategory(attempt);

/** Every attempt of a delivery, oldest first: time, HTTP status, latency, error. */
export function AttemptList({ attempts, compact }: { attempts: CallbackAttempt[]; compact?: boolean }) {
  return (
    <ol className="space-y-1.5 text-xs">
      {attempts.map((attempt) => (
        <li key={attempt.id} className={compact ? 'space-y-0.5' : 'flex flex-wrap items-center gap-x-2 gap-y-0.5'}>
          <span className="block text-slate-700">
            <Time date={attempt.attemptedAt} seconds />
          </span>
          <span className="flex items-center gap-2">
            <AttemptStatus attempt={attempt} />
            <span className="text-slate-700 tabular-nums">{formatLatency(attempt.latencyMs)}</span>
          </span>
          {attemptError(attempt) ? <span className="block break-all text-red-800">{attemptError(attempt)}</span> : null}
        </li>
      ))}
    </ol>
  );
}
