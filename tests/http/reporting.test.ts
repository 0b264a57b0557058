// GET /api/payments (reference §12): filters, cursor paging that holds under concurrent inserts, CSV
// export with formula-injection escaping, and tenancy. Each test tags its payments with a customerId
// of its own, so tests sharing the merchant never see each other's rows.
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { apiPaymentResponseSchema } from '../../lib/schemas/payment';
import { api } from '../support/api';
import { expectError } from '../support/assertions';
import { cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { sell } from '../support/flows';

const tag = () => `RPT-${randomUUID()}`;

forEachBackend((backend) => {
  const client = api(backend);
  const list = (query: Record<string, string | number>, merchant = client) =>
    merchant.get(`/api/payments?${new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]))}`);

  async function everyPage(query: Record<string, string | number>, between?: () => Promise<unknown>) {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(cursor ? { ...query, cursor } : query);
      expect(page.status, page.text).toBe(200);
      ids.push(...page.body.data.map((payment: { paymentId: string }) => payment.paymentId));
      cursor = page.body.nextCursor;
      await between?.();
    } while (cursor);
    return ids;
  }

  describe.concurrent('GET /api/payments', () => {
    test('pages newest first by cursor: 7 payments at limit 3 come as 3, 3, 1, each once, the last page without a cursor', async () => {
      const customerId = tag();
      const made: string[] = [];
      for (let n = 0; n < 7; n++) made.push((await sell(backend, { customerId })).paymentId);
      const first = await list({ customerId, limit: 3 });
      expect(first.status, first.text).toBe(200);
      for (const payment of first.body.data) expect(apiPaymentResponseSchema.safeParse(payment).success).toBe(true);
      expect(first.body.data.map((payment: { paymentId: string }) => payment.paymentId)).toEqual(made.slice(-3).reverse());
      const ids = await everyPage({ customerId, limit: 3 });
      expect(ids).toEqual([...made].reverse());
    });

    test('paging while new payments are inserted skips and repeats none of the payments that existed when it began', async () => {
      const customerId = tag();
      const before: string[] = [];
      for (let n = 0; n < 6; n++) before.push((await sell(backend, { customerId })).paymentId);
      const inserted: string[] = [];
      const ids = await everyPage({ customerId, limit: 2 }, async () => {
        inserted.push(...(await Promise.all([sell(backend, { customerId }), sell(backend, { customerId })])).map((sale) => sale.paymentId));
      });
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...before].reverse());
      expect(inserted.length).toBeGreaterThanOrEqual(6);
    });

    test('paging while sales are made at the same time (one writer racing the reader, page size 1): every payment that existed is listed once, in order', async () => {
      const customerId = tag();
      const before: string[] = [];
      for (let n = 0; n < 8; n++) before.push((await sell(backend, { customerId })).paymentId);
      const pagingDone = new AbortController();
      const inserted: string[] = [];
      const writer = (async () => {
        while (!pagingDone.signal.aborted) inserted.push((await sell(backend, { customerId })).paymentId);
      })();
      const ids = await everyPage({ customerId, limit: 1 }).finally(() => {
        pagingDone.abort();
      });
      await writer;
      expect(inserted.length, 'sales were made while paging').toBeGreaterThan(0);
      expect(new Set(ids).size, 'no payment repeated').toBe(ids.length);
      expect(ids.filter((id) => before.includes(id)), 'no payment that existed skipped').toEqual([...before].reverse());
      expect(ids.every((id) => before.includes(id) || inserted.includes(id))).toBe(true);
    });

    test('filters: orderId, last4, status, currency with minAmount/maxAmount, createdFrom/createdTo', async () => {
      const customerId = tag();
      const small = await sell(backend, { customerId, amount: 10 });
      const large = await sell(backend, { customerId, amount: 500 }, cards.visaInternational);
      const declined = await sell(backend, { customerId, amount: 20 }, cards.doNotHonor);
      const ids = async (query: Record<string, string | number>) => {
        const page = await list({ customerId, ...query });
        expect(page.status, page.text).toBe(200);
        return page.body.data.map((payment: { paymentId: string }) => payment.paymentId);
      };
      expect(await ids({ orderId: small.request.orderId })).toEqual([small.paymentId]);
      expect(await ids({ last4: cards.visaInternational.pan.slice(-4) })).toEqual([large.paymentId]);
      expect(await ids({ status: 'FAILED' })).toEqual([declined.paymentId]);
      expect(await ids({ status: 'SUCCESS' })).toEqual([large.paymentId, small.paymentId]);
      expect(await ids({ currency: 'TRY', minAmount: 15 })).toEqual([declined.paymentId, large.paymentId]);
      expect(await ids({ currency: 'TRY', minAmount: 15, maxAmount: 100 })).toEqual([declined.paymentId]);
      expect(await ids({ currency: 'USD' })).toEqual([]);
      expect(await ids({ installmentCount: 1 })).toHaveLength(3);
      expect(await ids({ createdFrom: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
      expect(await ids({ createdTo: new Date(Date.now() + 60_000).toISOString() })).toHaveLength(3);
    });

    test.each([
      [{ minAmount: 10 }, 'minAmount', 'CURRENCY_REQUIRED'],
      [{ currency: 'TRY', maxAmount: 10.001 }, 'maxAmount', 'AMOUNT_TOO_MANY_DECIMALS'],
      [{ limit: 0 }, 'limit', undefined],
      [{ limit: 101 }, 'limit', undefined],
      [{ status: 'PAID' }, 'status', undefined],
      [{ createdFrom: 'yesterday' }, 'createdFrom', undefined],
      [{ createdFrom: '2026-12-02T00:00:00Z', createdTo: '2026-12-01T00:00:00Z' }, 'createdTo', 'INVALID_RANGE'],
      [{ cursor: 'bm90LWEtY3Vyc29y' }, 'cursor', 'INVALID_CURSOR'],
      [{ cursor: 'not a cursor!' }, 'cursor', undefined],
    ])('%j answers 400 naming %s', async (query, field, code) => {
      const response = await list(query);
      const body = expectError(response, 400, 'VALIDATION_ERROR');
      const error = body.errors.find((entry: { field: string }) => entry.field === field);
      expect(error, response.text).toBeTruthy();
      if (code) expect(error.code).toBe(code);
    });

    test('another merchant sees none of these payments, and without credentials the list answers 401', async () => {
      const customerId = tag();
      await sell(backend, { customerId });
      const other = await list({ customerId }, api(backend, backend.merchants.b));
      expect(other.status).toBe(200);
      expect(other.body).toEqual({ data: [], nextCursor: null });
      expectError(await list({ customerId }, api(backend, null)), 401, 'UNAUTHORIZED');
    });

    test('Accept: text/csv streams every matching payment: a header of every ApiPaymentResponse field, RFC 4180 quoting, formulas defused', async () => {
      const customerId = tag();
      const plain = await sell(backend, { customerId });
      const hostile = await sell(backend, { customerId, cardHolderName: '=HYPERLINK("http://x"), Evil' });
      const response = await client.get(`/api/payments?customerId=${customerId}&limit=1`, { headers: { accept: 'text/csv' } });
      expect(response.status, response.text).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = response.text.split('\r\n');
      expect(lines.at(-1)).toBe('');
      expect(lines[0]).toBe(Object.keys(apiPaymentResponseSchema.shape).join(','));
      // limit pages the JSON list only: the export has every match.
      expect(lines.slice(1, -1)).toHaveLength(2);
      expect(lines[1]).toContain(hostile.paymentId);
      expect(lines[1]).toContain(`"'=HYPERLINK(""http://x""), Evil"`);
      expect(lines[2]).toContain(plain.paymentId);
      expect(lines[2]).toContain(',542119******0656,');
      expect(response.text).not.toContain(cards.world.pan);
    });
  });
});
