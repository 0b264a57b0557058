/**
 * The hosted checkout's Pay, over plain HTTP: what the checkout page's client sends when it calls the
 * `startPayment` server action (app/checkout-link/[id]/actions.ts). Next.js routes a POST to the page
 * carrying a `Next-Action` header to the action; the id comes from the build's server reference
 * manifest, so it always matches the build the servers run. The answer is a React Server Components
 * stream whose row with `ok` is the action's return value.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './processes';

/** The card form the checkout page submits (lib/schemas/checkout.ts, CheckoutCardForm). */
export interface CheckoutCardForm {
  cardHolderName: string;
  pan: string;
  /** `MM/YY`. */
  expiry: string;
  cvv: string;
  installmentCount: number;
}

/** What `startPayment` returns (StartPaymentResult). */
export type StartPaymentResult =
  | { ok: true; next: { kind: 'challenge'; url: string; fields: Record<string, string> } | { kind: 'result'; paymentId: string } }
  | { ok: false; code: string; message: string; fieldErrors?: Record<string, string> };

/** The id of a server action in the current build (read once per process). */
export function serverActionId(exportedName: string, filename = 'app/checkout-link/[id]/actions.ts'): string {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, '.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const found = Object.entries(manifest.node).find(([, entry]) => entry.filename === filename && entry.exportedName === exportedName);
  if (!found) throw new Error(`No server action ${exportedName} of ${filename} in .next/server/server-reference-manifest.json`);
  return found[0];
}

/**
 * Calls the checkout page's `startPayment(checkoutId, form)` as the page would, as the shopper at
 * `clientIp` (sent as X-Forwarded-For; the test servers trust 127.0.0.1). `status` is the HTTP status,
 * `result` the parsed return value when the action ran.
 */
export async function startCheckoutPayment(
  baseUrl: string,
  checkoutId: string,
  form: CheckoutCardForm,
  options: { clientIp: string; actionId?: string; timeoutMs?: number },
): Promise<{ status: number; result: StartPaymentResult | undefined; text: string }> {
  const response = await fetch(`${baseUrl}/checkout-link/${checkoutId}`, {
    method: 'POST',
    headers: {
      accept: 'text/x-component',
      'content-type': 'text/plain;charset=UTF-8',
      'next-action': options.actionId ?? serverActionId('startPayment'),
      origin: baseUrl,
      'x-forwarded-for': options.clientIp,
    },
    // React's encodeReply of plain JSON values is their JSON (strings starting with `$` aside).
    body: JSON.stringify([checkoutId, form]),
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 25_000),
  });
  const text = await response.text();
  return { status: response.status, result: actionResult(text), text };
}

/** The row of an RSC action response that holds the action's return value (`1:{"ok":…}`). */
function actionResult(stream: string): StartPaymentResult | undefined {
  for (const line of stream.split('\n')) {
    const match = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!match) continue;
    try {
      const value = JSON.parse(match[1]) as Record<string, unknown>;
      if ('ok' in value) return value as unknown as StartPaymentResult;
    } catch {
      // not a JSON row
    }
  }
  return undefined;
}
