// The dashboard's Export CSV on the payments, checkout links and refunds lists: the link each list
// renders carries the filters in force, and following it (with the session) answers every row those
// filters select, not only the page shown, as the API's CSV export writes them.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { apiPaymentResponseSchema } from '../../lib/schemas/payment';
import { refundSchema } from '../../lib/schemas/refund';
import { sdk } from '../support/api';
import { cards } from '../support/cards';
import { forEachBackend } from '../support/context';
import { getPage, signIn } from '../support/dashboard';
import { sell } from '../support/flows';
import { checkoutRequest } from '../support/requests';

/** RFC 4180 rows (quoted fields with doubled quotes, CRLF ends) as objects keyed by the header row. */
function parseCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += char;
  }
  expect(field === '' && record.length === 0, 'the CSV ends with CRLF').toBe(true);
  const [header = [], ...rest] = records;
  return { header, rows: rest.map((values) => Object.fromEntries(header.map((name, index) => [name, values[index] ?? '']))) };
}

/** The href of the page's Export CSV link, HTML entities decoded. */
function exportHref(html: string): string {
  const match = /<a [^>]*href="([^"]+)"[^>]*>Export CSV<\/a>/.exec(html);
  expect(match, 'the list renders an Export CSV link').toBeTruthy();
  return match![1].replace(/&amp;/g, '&');
}

forEachBackend((backend) => {
  describe.concurrent('dashboard Export CSV', () => {
    let session: string;
    beforeAll(async () => {
      session = await signIn(backend, backend.merchants.a);
    });

    async function exported(href: string, as = session) {
      const response = await getPage(backend, href, as);
      expect(response.status, response.text.slice(0, 300)).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="\w+\.csv"$/);
      return parseCsv(response.text);
    }

    test('payments: the link carries the list’s filters and the file has every match (26, more than a page of 25), newest first', async () => {
      const prefix = `EXP-${randomUUID().slice(0, 8)}`;
      const approved: string[] = [];
      for (let n = 0; n < 26; n++) approved.push((await sell(backend, { orderId: `${prefix}-${n}` })).paymentId);
      const declined = await sell(backend, { orderId: `${prefix}-declined` }, cards.doNotHonor);
      const page = await getPage(backend, `/dashboard/payments?status=SUCCESS&orderId=${prefix}`, session);
      expect(page.status).toBe(200);
      const href = exportHref(page.text);
      expect(href).toBe(`/dashboard/payments/export?status=SUCCESS&orderId=${prefix}`);
      const { header, rows } = await exported(href);
      expect(header).toEqual(Object.keys(apiPaymentResponseSchema.shape));
      expect(rows.map((row) => row.paymentId)).toEqual([...approved].reverse());
      expect(rows.every((row) => row.status === 'SUCCESS' && row.amount === '100.5')).toBe(true);
      expect(rows.map((row) => row.paymentId)).not.toContain(declined.paymentId);
      const all = await exported(`/dashboard/payments/export?orderId=${prefix}`);
      expect(all.rows[0]).toMatchObject({ paymentId: declined.paymentId, status: 'FAILED', resultCode: 'DO_NOT_HONOR' });
      expect(all.rows).toHaveLength(27);
    });

    test('checkout links: filtered by order prefix and list status, amounts in major units', async () => {
      const prefix = `EXP-${randomUUID().slice(0, 8)}`;
      const kasa = sdk(backend);
      const made: string[] = [];
      for (const orderId of [`${prefix}-1`, `${prefix}-2`]) {
        const { data } = await kasa.POST('/api/checkout', { body: { ...checkoutRequest({ orderId }), amount: 12.5 } });
        made.push(data!.checkoutId);
      }
      const page = await getPage(backend, `/dashboard/checkouts?status=PENDING&orderId=${prefix}`, session);
      const { header, rows } = await exported(exportHref(page.text));
      expect(header).toContain('redirectUrl');
      expect(rows.map((row) => row.checkoutId)).toEqual([...made].reverse());
      expect(rows[0]).toMatchObject({ orderId: `${prefix}-2`, status: 'PENDING', amount: '12.5', currency: 'TRY', failedAttempts: '0' });
      expect(rows[0].redirectUrl).toMatch(new RegExp(`/checkout-link/${made[1]}$`));
      expect((await exported(`/dashboard/checkouts/export?status=PAID&orderId=${prefix}`)).rows).toEqual([]);
    });

    test('refunds: the refunds list and its export, filtered by status and UTC day', async () => {
      const kasa = sdk(backend);
      const refund = async (paymentId: string, amount: number) =>
        (await kasa.POST('/api/payment/{paymentId}/refund', { params: { path: { paymentId } }, body: { amount, currency: 'TRY', reason: '=cmd|calc' } })).data!;
      const sale = await sell(backend, { amount: 90 });
      const refusing = await sell(backend, { amount: 40 }, cards.irreversible);
      const partial = await refund(sale.paymentId, 15);
      const declined = await refund(refusing.paymentId, 40);
      expect(declined.status).toBe('FAILED');
      const today = new Date().toISOString().slice(0, 10);
      const page = await getPage(backend, `/dashboard/refunds?status=FAILED&from=${today}&to=${today}`, session);
      expect(page.status).toBe(200);
      expect(page.text).toContain(refusing.request.orderId);
      expect(page.text).not.toContain(sale.request.orderId);
      const href = exportHref(page.text);
      expect(href).toBe(`/dashboard/refunds/export?status=FAILED&from=${today}&to=${today}`);
      const failed = await exported(href);
      expect(failed.header).toEqual(Object.keys(refundSchema.shape));
      expect(failed.rows.map((row) => row.refundId)).toContain(declined.refundId);
      expect(failed.rows.every((row) => row.status === 'FAILED')).toBe(true);
      const all = await exported(`/dashboard/refunds/export?from=${today}`);
      const mine = all.rows.find((row) => row.refundId === partial.refundId);
      expect(mine).toMatchObject({ paymentId: sale.paymentId, amount: '15', status: 'SUCCESS', refundableAmount: '75', reason: `'=cmd|calc` });
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      expect((await exported(`/dashboard/refunds/export?to=${yesterday}`)).rows.map((row) => row.refundId)).not.toContain(partial.refundId);
    });

    test('another merchant’s export holds none of these rows; without a session the export redirects to sign-in', async () => {
      const { paymentId, request } = await sell(backend);
      const other = await signIn(backend, backend.merchants.b);
      expect((await exported(`/dashboard/payments/export?orderId=${request.orderId}`, other)).rows).toEqual([]);
      expect((await exported(`/dashboard/payments/export?orderId=${request.orderId}`)).rows.map((row) => row.paymentId)).toEqual([paymentId]);
      for (const list of ['payments', 'checkouts', 'refunds']) {
        const anonymous = await getPage(backend, `/dashboard/${list}/export`);
        expect(anonymous.status).toBeGreaterThanOrEqual(300);
        expect(anonymous.status).toBeLessThan(400);
        expect(anonymous.location).toMatch(/\/dashboard\/sign-in/);
        expect(anonymous.text).not.toContain('paymentId');
      }
    });
  });
});
