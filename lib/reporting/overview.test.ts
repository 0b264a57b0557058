import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';

// Config is read at import: point it at a fresh embedded store before loading anything.
vi.stubEnv('DATA_DIR', mkdtempSync(path.join(tmpdir(), 'kasa-overview-')));
vi.stubEnv('DATABASE_URL', '');
vi.stubEnv('KASA_MODE', 'sandbox');
vi.stubEnv('KASA_LOG_LEVEL', 'silent');
vi.stubEnv('PUBLIC_BASE_URL', 'http://kasa.test');

const { eq, sql } = await import('drizzle-orm');
const { openStore } = await import('../db/client');
const schema = await import('../db/schema');
const { createMerchant } = await import('../merchants/credentials');
const { authorizePayment, capturePreAuthorization, refundPayment } = await import('../payments');
const { dailyOverview } = await import('./overview');
type Database = import('../db/client').Database;
type Merchant = import('../db/schema').Merchant;

let db: Database;
let shop: Merchant;
const now = new Date();
const dayKey = (daysAgo: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo)).toISOString().slice(0, 10);

async function pay(amount: number, options: { currency?: string; pan?: string; type?: 'SALE' | 'PRE_AUTHORIZATION'; daysAgo?: number } = {}) {
  const payment = await authorizePayment({
    db,
    merchant: shop,
    transactionType: options.type ?? 'SALE',
    request: {
      orderId: `ORD-${randomUUID()}`, amount, currency: options.currency ?? 'TRY', customerId: null, cardHolderName: 'Jane Doe',
      pan: options.pan ?? '5421190122090656', expiryMonth: '12', expiryYear: '39', cvv: '123', requestIp: '192.0.2.1', requestPort: 443,
    },
  });
  if (options.daysAgo) {
    await db.update(schema.payments).set({ createdAt: sql`now() - make_interval(days => ${options.daysAgo})` }).where(eq(schema.payments.id, payment.id));
  }
  return payment;
}

beforeAll(async () => {
  db = (await openStore()).db;
  const { merchantId } = await createMerchant({ db, name: 'Overview Shop' });
  shop = (await db.select().from(schema.merchants).where(eq(schema.merchants.id, merchantId)))[0]!;
});

afterAll(async () => {
  await (await openStore()).close();
  (globalThis as typeof globalThis & { __kasa: Map<string, unknown> }).__kasa.delete('store');
  vi.unstubAllEnvs();
});

test('30 UTC days ending today, with what cards were charged per day in one currency, zero days included', async () => {
  await pay(100);
  await pay(50.25);
  await pay(70, { pan: '4000000000000002' }); // declined: no money moved
  await pay(999, { currency: 'USD' }); // another currency
  await pay(300, { type: 'PRE_AUTHORIZATION' }); // reserved only
  const captured = await pay(200, { type: 'PRE_AUTHORIZATION' });
  await capturePreAuthorization({ db, merchant: shop, paymentId: captured.id, request: { amount: 120, currency: 'TRY' } });
  await pay(10, { daysAgo: 3 });
  await pay(10, { daysAgo: 40 }); // before the window

  const days = await dailyOverview({ db, merchantId: shop.id, currency: 'TRY', now });
  expect(days).toHaveLength(30);
  expect(days[0].day).toBe(dayKey(29));
  expect(days.at(-1)).toEqual({ day: dayKey(0), salesMinor: 10000 + 5025 + 12000, salesCount: 3, refundsMinor: 0, netMinor: 27025 });
  expect(days.find((day) => day.day === dayKey(3))).toMatchObject({ salesMinor: 1000, salesCount: 1 });
  expect(days.filter((day) => day.salesMinor === 0)).toHaveLength(28);
  const usd = await dailyOverview({ db, merchantId: shop.id, currency: 'USD', now });
  expect(usd.at(-1)).toMatchObject({ salesMinor: 99900, salesCount: 1 });
});

test('successful refunds count on the day they were made, in their currency, and lower that day\'s net; declined ones do not', async () => {
  const { id: merchantId } = (await db.select().from(schema.merchants).where(eq(schema.merchants.id, shop.id)))[0];
  const { merchantId: otherId } = await createMerchant({ db, name: 'Refund Overview Shop' });
  const other = (await db.select().from(schema.merchants).where(eq(schema.merchants.id, otherId)))[0];
  const saved = shop;
  shop = other;
  try {
    const old = await pay(100, { daysAgo: 2 });
    const recent = await pay(40);
    const refusing = await pay(30, { pan: '4000000000005126' }); // its refunds are declined
    await refundPayment({ db, merchant: other, paymentId: old.id, request: { amount: 25.5, currency: 'TRY' } });
    await refundPayment({ db, merchant: other, paymentId: recent.id, request: { amount: 10, currency: 'TRY' } });
    await refundPayment({ db, merchant: other, paymentId: refusing.id, request: { amount: 30, currency: 'TRY' } }).catch(() => undefined);
    const days = await dailyOverview({ db, merchantId: other.id, currency: 'TRY', now });
    expect(days.at(-1)).toEqual({ day: dayKey(0), salesMinor: 4000 + 3000, salesCount: 2, refundsMinor: 2550 + 1000, netMinor: 7000 - 3550 });
    expect(days.find((day) => day.day === dayKey(2))).toEqual({ day: dayKey(2), salesMinor: 10000, salesCount: 1, refundsMinor: 0, netMinor: 10000 });
    expect((await dailyOverview({ db, merchantId: other.id, currency: 'USD', now })).every((day) => day.refundsMinor === 0)).toBe(true);
    expect((await dailyOverview({ db, merchantId, currency: 'TRY', now })).at(-1)!.refundsMinor).toBe(0);
  } finally {
    shop = saved;
  }
});
