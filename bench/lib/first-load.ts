import { gzipSync } from 'node:zlib';
import type { BenchContext } from './types';

/** The checkout page's first-load JavaScript, the way a shopper's browser first receives it. */
export interface FirstLoadResult {
  page: string;
  scripts: number;
  gzipBytes: number;
  rawBytes: number;
  /**
   * Scripts the page only preloads (`<link rel="preload" as="script">`, e.g. a `next/dynamic` chunk that
   * hydrates after the page): fetched during the load, at low priority, but not among the scripts the
   * page runs first. Not in `gzipBytes`; shown beside it so the whole download stays in view.
   */
  preloaded: { scripts: number; gzipBytes: number; rawBytes: number };
  /** Target from issue 14: ≤ 150 KiB gzip (a bare Next.js 16 page is about 135 KiB). */
  targetKiB: number;
  pass: boolean;
}

const TARGET_KIB = 150;

/** Creates a checkout through the API (12 installments, interest paid by the shopper); returns its page path. */
export async function createCheckoutPage(ctx: BenchContext, orderPrefix: string): Promise<string> {
  const created = await fetch(`${ctx.baseUrl}/api/checkout`, {
    method: 'POST',
    headers: ctx.merchantHeaders,
    body: JSON.stringify({
      orderId: `${orderPrefix}-${Date.now()}`,
      amount: 1000,
      currency: 'TRY',
      callback: `${ctx.baseUrl}/bench/callback`,
      maxInstallmentCount: 12,
      interestPaidByCustomer: true,
    }),
  });
  if (!created.ok) throw new Error(`POST /api/checkout → ${created.status} ${await created.text()}`);
  const { checkoutId } = (await created.json()) as { checkoutId: string };
  return `/checkout-link/${checkoutId}`;
}

/**
 * Creates a checkout through the API, loads its page, and adds up every <script src> the HTML
 * references that a current browser loads (each gzipped at level 9, as a CDN would serve it); the
 * scripts it only preloads are added up beside them.
 */
export async function measureCheckoutFirstLoad(ctx: BenchContext): Promise<FirstLoadResult> {
  const page = await createCheckoutPage(ctx, 'BENCH-FIRST-LOAD');
  const html = await (await fetch(`${ctx.baseUrl}${page}`)).text();
  // Module-supporting browsers skip `nomodule` scripts (Next's legacy polyfills): they are not loaded.
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]).filter((tag) => !/\snomodule\b/i.test(tag));
  const sources = [...new Set(tags.map((tag) => /\ssrc="([^"]+)"/.exec(tag)?.[1]).filter((src): src is string => !!src))];
  const preloads = [...html.matchAll(/<link\b[^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => /\srel="preload"/.test(tag) && /\sas="script"/.test(tag))
    .map((tag) => /\shref="([^"]+)"/.exec(tag)?.[1])
    .filter((href): href is string => !!href && !sources.includes(href));
  const measure = async (urls: string[]) => {
    let gzipBytes = 0;
    let rawBytes = 0;
    for (const url of urls) {
      const body = Buffer.from(await (await fetch(new URL(url, ctx.baseUrl))).arrayBuffer());
      rawBytes += body.length;
      gzipBytes += gzipSync(body, { level: 9 }).length;
    }
    return { gzipBytes, rawBytes };
  };
  const { gzipBytes, rawBytes } = await measure(sources);
  const preloaded = { scripts: new Set(preloads).size, ...(await measure([...new Set(preloads)])) };
  return { page: '/checkout-link/{id}', scripts: sources.length, gzipBytes, rawBytes, preloaded, targetKiB: TARGET_KIB, pass: gzipBytes / 1024 <= TARGET_KIB };
}

export function formatFirstLoad(result: FirstLoadResult): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  return (
    `Checkout page first-load JS: ${kib(result.gzipBytes)} gzip (${kib(result.rawBytes)} raw, ${result.scripts} scripts; ` +
    `preloaded for later: ${kib(result.preloaded.gzipBytes)} gzip, ${result.preloaded.scripts} scripts); ` +
    `target ≤ ${result.targetKiB} KiB: ${result.pass ? 'pass' : 'MISSED'}`
  );
}
