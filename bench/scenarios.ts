// The benchmarked requests. Adding an endpoint = adding one entry to `scenarios` (request bodies:
// /work/shared/api-reference.md §5, test cards §8). `[<id>]` in a path or body is replaced by a
// unique id per request (autocannon idReplacement), e.g. for orderId, which must not repeat.
import type { BenchContext, LoadSpec, Phase, Scenario } from './lib/types';

/** The constant-JSON route every scenario is compared with (no auth, no database). */
export const constantRoute: Scenario = {
  name: 'GET /api/health/live',
  load: () => ({ method: 'GET', path: '/api/health/live' }),
};

const APPROVED_CARD = '5421190122090656'; // MASTERCARD CREDIT DOM, loyalty WORLD: approved, has installments

function expiryOneYearAhead(): { expiryMonth: string; expiryYear: string } {
  const now = new Date();
  return {
    expiryMonth: String(now.getUTCMonth() + 1).padStart(2, '0'),
    expiryYear: String((now.getUTCFullYear() + 1) % 100).padStart(2, '0'),
  };
}

/** Body of POST /api/payment and POST /api/pre-authorization, with a unique orderId per request. */
export function cardPaymentBody(orderPrefix: string): string {
  return JSON.stringify({
    orderId: `${orderPrefix}-[<id>]`,
    amount: 100.5,
    currency: 'TRY',
    cardHolderName: 'Bench Shopper',
    pan: APPROVED_CARD,
    ...expiryOneYearAhead(),
    cvv: '123',
    requestIp: '198.51.100.7',
    requestPort: 443,
  });
}

function merchantPost(ctx: BenchContext, path: string, body: string): LoadSpec {
  return { method: 'POST', path, headers: ctx.merchantHeaders, body };
}

function field(json: unknown, name: string): unknown {
  return json && typeof json === 'object' ? (json as Record<string, unknown>)[name] : undefined;
}

function expectField(name: string, value: unknown) {
  return (json: unknown) =>
    field(json, name) === value ? null : `expected ${name} ${JSON.stringify(value)}, got ${JSON.stringify(field(json, name))}`;
}

const paymentId = (json: unknown) => {
  const id = field(json, 'paymentId');
  return typeof id === 'string' ? id : undefined;
};

/**
 * A scenario that consumes one pre-made value per request (e.g. a pre-authorization to capture): the
 * values are produced outside the measurement and the phase runs exactly that many requests.
 */
function fromPool(values: string[], make: (value: string) => Pick<LoadSpec, 'path' | 'body'>, base: LoadSpec): LoadSpec {
  const pool = [...values];
  const first = make(pool[0] ?? 'none');
  let last = pool[0] ?? 'none';
  return {
    ...base,
    ...first,
    amount: values.length,
    setupRequest: (request) => {
      last = pool.shift() ?? last; // an exhausted pool is never sent: `amount` stops the run first
      return { ...request, ...make(last) };
    },
  };
}

export const scenarios: Scenario[] = [
  {
    name: 'POST /api/payment',
    load: (ctx) => merchantPost(ctx, '/api/payment', cardPaymentBody('bench')),
    check: expectField('status', 'SUCCESS'),
    target: { minRatioByStore: { embedded: 0.5, postgres: 0.6 }, maxP99Ms: 20 },
  },
  {
    name: 'POST /api/installment-options',
    load: (ctx) => merchantPost(ctx, '/api/installment-options', JSON.stringify({ amount: 1000, currency: 'TRY', pan: '54211901' })),
    check: (json) => {
      const options = field(json, 'options');
      return Array.isArray(options) && options.length > 0 ? null : `expected a non-empty options array, got ${JSON.stringify(options)}`;
    },
    target: { maxP99Ms: 20 },
  },
  {
    name: 'GET /api/health',
    load: () => ({ method: 'GET', path: '/api/health' }),
    target: { maxP99Ms: 20 },
  },

  // Endpoints of later milestones: skipped (not failed) while their routes are not deployed.
  {
    name: 'POST /api/pre-authorization',
    optional: true,
    load: (ctx) => merchantPost(ctx, '/api/pre-authorization', cardPaymentBody('bench-pa')),
    check: expectField('status', 'SUCCESS'),
    target: { maxP99Ms: 20 },
  },
  {
    name: 'POST /api/pre-authorization/{id}/capture',
    optional: true,
    load: async (ctx: BenchContext, phase: Phase) => {
      const ids = await ctx.produce(merchantPost(ctx, '/api/pre-authorization', cardPaymentBody('bench-cap')), phase, paymentId);
      const body = JSON.stringify({ amount: 100.5, currency: 'TRY' });
      return fromPool(ids, (id) => ({ path: `/api/pre-authorization/${id}/capture`, body }), merchantPost(ctx, '', body));
    },
    check: expectField('status', 'SUCCESS'),
    target: { minRatioByStore: { embedded: 0.4, postgres: 0.5 }, maxP99Ms: 20 },
  },
  {
    // A partial refund of an approved sale (one per sale: each request refunds a payment of the pool).
    name: 'POST /api/payment/{id}/refund',
    optional: true,
    load: async (ctx: BenchContext, phase: Phase) => {
      const ids = await ctx.produce(merchantPost(ctx, '/api/payment', cardPaymentBody('bench-ref')), phase, paymentId);
      const body = JSON.stringify({ amount: 10, currency: 'TRY' });
      return fromPool(ids, (id) => ({ path: `/api/payment/${id}/refund`, body }), merchantPost(ctx, '', body));
    },
    check: expectField('status', 'SUCCESS'),
    target: { minRatioByStore: { embedded: 0.4, postgres: 0.5 }, maxP99Ms: 20 },
  },
  {
    name: 'POST /api/checkout',
    optional: true,
    load: (ctx) =>
      merchantPost(
        ctx,
        '/api/checkout',
        JSON.stringify({ orderId: 'bench-co-[<id>]', amount: 100.5, currency: 'TRY', description: 'Bench order', callback: `${ctx.baseUrl}/bench-callback` }),
      ),
    check: (json) => (typeof field(json, 'checkoutId') === 'string' ? null : 'expected a checkoutId'),
    target: { minRatioByStore: { embedded: 0.45, postgres: 0.55 }, maxP99Ms: 20 },
  },
  {
    name: 'GET /api/checkout/{id}',
    optional: true,
    load: async (ctx) => {
      const body = JSON.stringify({ orderId: 'bench-get-[<id>]', amount: 100.5, currency: 'TRY', callback: `${ctx.baseUrl}/bench-callback` });
      const [checkoutId] = await ctx.produce(merchantPost(ctx, '/api/checkout', body), 'probe', (json) => {
        const id = field(json, 'checkoutId');
        return typeof id === 'string' ? id : undefined;
      });
      return { method: 'GET', path: `/api/checkout/${checkoutId}`, headers: ctx.merchantHeaders };
    },
    check: expectField('status', 'PENDING'),
    target: { minRatioByStore: { embedded: 0.75, postgres: 0.85 }, maxP99Ms: 20 },
  },
];
