// Lighthouse on the hosted checkout page, through its Node API: Lighthouse's default settings (mobile
// form factor and screen, simulated throttling), a headless system Chromium, three categories.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { onCleanup, onExitSync } from './cleanup';
import { createCheckoutPage } from './first-load';
import type { BenchContext } from './types';

type Report = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

export type CategoryId = 'performance' | 'accessibility' | 'best-practices';

/** Targets from issue 14, on a 0–100 scale. */
export const LIGHTHOUSE_TARGETS: Record<CategoryId, number> = { performance: 100, accessibility: 100, 'best-practices': 100 };
const CATEGORIES = Object.keys(LIGHTHOUSE_TARGETS) as CategoryId[];

const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** An audit that cost its category points (weight > 0, score < 1) in the reported run. */
export interface LostAudit {
  category: CategoryId;
  id: string;
  title: string;
  score: number;
  weight: number;
  displayValue?: string;
}

export interface LighthouseRun {
  scores: Record<CategoryId, number>;
  /** Lab metrics of the run (ms, CLS unitless). */
  metrics: Record<string, number | undefined>;
}

export interface LighthouseResult {
  page: string;
  lighthouseVersion: string;
  chromePath: string;
  userAgent: string;
  formFactor: string;
  throttlingMethod: string;
  /** Every run's scores; the reported one is the run with the median performance score. */
  runs: LighthouseRun[];
  scores: Record<CategoryId, number>;
  metrics: LighthouseRun['metrics'];
  lost: LostAudit[];
  /** Lighthouse's own warnings of the reported run (e.g. a slow host). */
  warnings: string[];
  /** The reported run's HTML report (every audit, with details). */
  htmlReport: string;
  targets: Record<CategoryId, number>;
  pass: boolean;
}

/** The system Chromium (Debian's package) when there is one, else Playwright's. */
export async function findChromium(): Promise<string> {
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(candidate)) return candidate;
  const { chromium } = await import('@playwright/test');
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return bundled;
  throw new Error('no Chromium found (/usr/bin/chromium, or Playwright\'s: `npx playwright install chromium`)');
}

const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];

/**
 * Creates a checkout, then runs Lighthouse `runs` times on its page (a fresh Chromium each time, so no
 * run profits from another's cache) and reports the run with the median performance score; its HTML
 * report is written to `reportDir`.
 */
export async function measureCheckoutLighthouse(
  ctx: BenchContext,
  runs: number,
  reportDir: string,
  log: (message: string) => void,
): Promise<LighthouseResult> {
  const chromePath = await findChromium();
  const page = await createCheckoutPage(ctx, 'BENCH-LIGHTHOUSE');
  const url = `${ctx.baseUrl}${page}`;
  const results: Array<{ lhr: Report; html: string }> = [];
  for (let i = 0; i < runs; i++) {
    log(`[${ctx.store}] Lighthouse run ${i + 1}/${runs} on /checkout-link/{id} (${chromePath})…`);
    results.push(await runOnce(url, chromePath));
  }
  // A report holds the categories and audits that ran: any other id is undefined, whatever the Record says.
  const categoryOf = (lhr: Report, id: string) => {
    const categories: Partial<Report['categories']> = lhr.categories;
    return categories[id];
  };
  const auditOf = (lhr: Report, id: string) => {
    const audits: Partial<Report['audits']> = lhr.audits;
    return audits[id];
  };
  const toRun = (lhr: Report): LighthouseRun => ({
    scores: Object.fromEntries(CATEGORIES.map((id) => [id, Math.round((categoryOf(lhr, id)?.score ?? 0) * 100)])) as Record<CategoryId, number>,
    metrics: Object.fromEntries(METRICS.map((id) => [id, auditOf(lhr, id)?.numericValue])),
  });
  const performance = (lhr: Report) => categoryOf(lhr, 'performance')?.score ?? 0;
  const ordered = [...results].sort((a, b) => performance(a.lhr) - performance(b.lhr));
  const { lhr, html } = ordered[Math.floor((ordered.length - 1) / 2)];
  mkdirSync(reportDir, { recursive: true });
  const htmlReport = path.join(reportDir, 'lighthouse-checkout.html');
  writeFileSync(htmlReport, html);
  const reported = toRun(lhr);
  const lost: LostAudit[] = [];
  for (const category of CATEGORIES) {
    for (const ref of categoryOf(lhr, category)?.auditRefs ?? []) {
      const audit = auditOf(lhr, ref.id);
      if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
        lost.push({ category, id: ref.id, title: audit.title, score: audit.score, weight: ref.weight, displayValue: audit.displayValue });
      }
    }
  }
  return {
    page: '/checkout-link/{id}',
    lighthouseVersion: lhr.lighthouseVersion,
    chromePath,
    userAgent: lhr.environment.hostUserAgent,
    formFactor: lhr.configSettings.formFactor,
    throttlingMethod: lhr.configSettings.throttlingMethod,
    runs: results.map((r) => toRun(r.lhr)),
    scores: reported.scores,
    metrics: reported.metrics,
    lost,
    warnings: lhr.runWarnings,
    htmlReport,
    targets: LIGHTHOUSE_TARGETS,
    pass: CATEGORIES.every((id) => reported.scores[id] >= LIGHTHOUSE_TARGETS[id]),
  };
}

async function runOnce(url: string, chromePath: string): Promise<{ lhr: Report; html: string }> {
  // Ctrl-C is the bench's (lib/cleanup.ts): chrome-launcher's own handler would exit before the clean-up.
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROME_FLAGS, logLevel: 'silent', handleSIGINT: false });
  const unregister = onExitSync(() => { chrome.kill(); });
  const stop = onCleanup(`stop Chromium pid ${chrome.pid}`, () => {
    unregister();
    chrome.kill();
  });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'html', logLevel: 'error', onlyCategories: CATEGORIES });
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr, report } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    return { lhr, html: Array.isArray(report) ? report.join('') : report };
  } finally {
    await stop();
  }
}

export function formatLighthouse(result: LighthouseResult): { value: string; target: string; details: string[] } {
  const s = result.scores;
  const details = result.lost.map(
    (a) => `    lost points: [${a.category}] ${a.id} (${a.title}): score ${a.score.toFixed(2)}, weight ${a.weight}${a.displayValue ? `, ${a.displayValue}` : ''}`,
  );
  if (result.runs.length > 1) {
    const ms = (value: number | undefined) => (value === undefined ? '?' : `${Math.round(value).toLocaleString('en')} ms`);
    const run = (r: LighthouseRun) =>
      `${CATEGORIES.map((id) => r.scores[id]).join('/')} (TBT ${ms(r.metrics['total-blocking-time'])}, LCP ${ms(r.metrics['largest-contentful-paint'])})`;
    details.unshift(`    runs (performance / accessibility / best practices): ${result.runs.map(run).join(', ')}; median run reported`);
  }
  for (const warning of result.warnings) details.push(`    Lighthouse warning: ${warning.slice(0, 300)}`);
  details.push(`    full report (median run): ${path.relative(process.cwd(), result.htmlReport) || result.htmlReport}`);
  return {
    value: `performance ${s.performance}, accessibility ${s.accessibility}, best practices ${s['best-practices']}`,
    target: `${LIGHTHOUSE_TARGETS.performance}, ${LIGHTHOUSE_TARGETS.accessibility}, ${LIGHTHOUSE_TARGETS['best-practices']}`,
    details,
  };
}
