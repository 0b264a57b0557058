import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { config } from '../config';
import { sha256Hex } from '../crypto';
import type { Database } from '../db/client';
import { checkouts, payments, type Merchant } from '../db/schema';
import { assertAllowedMerchantUrl } from '../net/merchant-urls';
import { merchantAmountMinor } from '../payments/amount';
import { duplicateOrder } from '../payments/authorize';
import { ORDER_HOLDING_STATUSES, orderIsHeld } from '../payments/orders';
import { markCheckoutExpired } from './overdue';
import type { CheckoutRequest } from '../schemas/checkout';
import { firstRow } from '../rows';

export const checkoutUrl = (checkoutId: string) => `${config.publicBaseUrl}/checkout-link/${checkoutId}`;

/**
 * Creates a hosted checkout link. Repeating an orderId with identical fields while its checkout is
 * open returns that checkout; different fields, a paid checkout or an order already paid directly
 * answer DUPLICATE_ORDER. An expired checkout frees its orderId.
 */
export async function createCheckout({
  db,
  merchant,
  request,
}: {
  db: Database;
  merchant: Merchant;
  request: CheckoutRequest;
}): Promise<{ checkoutId: string; redirectUrl: string }> {
  const amountMinor = merchantAmountMinor(merchant, request.amount, request.currency);
  await assertAllowedMerchantUrl('callback', request.callback);
  if (request.returnUrl) await assertAllowedMerchantUrl('returnUrl', request.returnUrl);
  const fields = {
    orderId: request.orderId,
    currency: request.currency,
    amount: amountMinor,
    description: request.description || null,
    callbackUrl: request.callback,
    returnUrl: request.returnUrl ?? null,
    customerId: request.customerId ?? null,
    maxInstallmentCount: request.maxInstallmentCount,
    interestPaidByCustomer: request.interestPaidByCustomer,
  };
  const requestHash = sha256Hex(JSON.stringify({ ...fields, expiresInMinutes: request.expiresInMinutes }));
  const row = { id: randomUUID(), merchantId: merchant.id, ...fields, requestHash, expiresAt: new Date(Date.now() + request.expiresInMinutes * 60_000) };

  // The common case, a new order, in one statement: inserted only when the order has no live
  // checkout and no payment of its own. Anything else (a repeat, an expired checkout to replace, a
  // duplicate) takes the transaction below, which tells those cases apart.
  const inserted = await insertNewOrderCheckout(db, row);
  if (inserted) return { checkoutId: inserted, redirectUrl: checkoutUrl(inserted) };

  // Two concurrent creations of one order: the unique index lets one insert; the other, on its
  // second pass, finds that checkout and compares fields.
  for (let pass = 0; pass < 2; pass++) {
    const result = await db.transaction(async (tx) => {
      const live = firstRow(await tx
        .select()
        .from(checkouts)
        .where(
          and(
            eq(checkouts.merchantId, merchant.id),
            eq(checkouts.orderId, request.orderId),
            inArray(checkouts.status, ['OPEN', 'PAID']),
          ),
        )
        .for('update'));
      const expired = live?.status === 'OPEN' && live.expiresAt.getTime() <= Date.now();
      // An order paid outside this checkout (a direct sale, or an attempt still pending on an
      // expired checkout of the same order) cannot be paid again.
      const scope = or(isNull(payments.checkoutId), live && expired ? eq(payments.checkoutId, live.id) : undefined);
      if (await orderIsHeld(tx, merchant.id, request.orderId, scope)) throw duplicateOrder(request.orderId);
      if (live && !expired) {
        if (live.status === 'OPEN' && live.requestHash === requestHash) return { checkoutId: live.id };
        throw duplicateOrder(request.orderId);
      }
      if (live) await markCheckoutExpired(tx, live.id);
      const created = firstRow(await tx
        .insert(checkouts)
        .values({ ...row, id: randomUUID() })
        .onConflictDoNothing()
        .returning({ checkoutId: checkouts.id }));
      return created ?? null;
    });
    if (result) return { checkoutId: result.checkoutId, redirectUrl: checkoutUrl(result.checkoutId) };
  }
  throw duplicateOrder(request.orderId);
}

type NewCheckoutRow = Omit<typeof checkouts.$inferInsert, 'status' | 'failedAttempts' | 'latestPaymentId' | 'eventSequence' | 'createdAt'> & {
  id: string;
  expiresAt: Date;
};

/** Inserts the checkout when its order is free (no OPEN or PAID checkout, no direct payment holding it); its id, or null. */
async function insertNewOrderCheckout(db: Database, row: NewCheckoutRow): Promise<string | null> {
  const columns = Object.keys(row) as (keyof NewCheckoutRow)[];
  const names = sql.join(columns.map((key) => sql.identifier(checkouts[key].name)), sql`, `);
  const values = sql.join(
    columns.map((key) => {
      const value = row[key];
      // Parameters in a SELECT list have no type of their own: each is cast to its column's.
      return sql`${value instanceof Date ? value.toISOString() : (value ?? null)}::${sql.raw(checkouts[key].getSQLType())}`;
    }),
    sql`, `,
  );
  const holding = sql.join(ORDER_HOLDING_STATUSES.map((status) => sql`${status}`), sql`, `);
  const result = await db.execute(sql`
    insert into ${checkouts} (${names})
    select ${values}
    where not exists (
      select 1 from ${checkouts} where ${checkouts.merchantId} = ${row.merchantId} and ${checkouts.orderId} = ${row.orderId} and ${checkouts.status} in ('OPEN', 'PAID')
    ) and not exists (
      select 1 from ${payments} where ${payments.merchantId} = ${row.merchantId} and ${payments.orderId} = ${row.orderId}
        and ${payments.status} in (${holding}) and ${payments.checkoutId} is null
    )
    on conflict do nothing
    returning id`);
  const rows = (result as { rows: { id: string }[] }).rows;
  return rows[0]?.id ?? null;
}
