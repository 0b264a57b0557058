// Memory of a large CSV export: GET /api/payments with Accept: text/csv after the memory check's sales,
// the server's RSS sampled every 50 ms while the client reads the stream. A streamed export holds one
// page of rows at a time, so its peak growth stays far below the size of the file.
import { serverProcess, statusKiB } from './memory';
import type { BenchContext } from './types';

export interface ExportResult {
  rows: number;
  mebibytes: number;
  seconds: number;
  rowsPerSecond: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
  growthMiB: number;
  /** Target: the peak grows by less than this (the rows in flight, plus the allocator's slack). */
  maxGrowthMiB: number;
  pass: boolean;
}

const MAX_GROWTH_MIB = 32;

export async function measureExportMemory(ctx: BenchContext, server: { pid: number; port: number }): Promise<ExportResult> {
  const { pid } = serverProcess(server.pid, server.port);
  const rss = () => statusKiB(pid, 'VmRSS') / 1024;
  const rssBeforeMiB = rss();
  let rssPeakMiB = rssBeforeMiB;
  const sampler = setInterval(() => (rssPeakMiB = Math.max(rssPeakMiB, rss())), 50);
  const started = performance.now();
  let bytes = 0;
  let lines = 0;
  try {
    const response = await fetch(`${ctx.baseUrl}/api/payments`, { headers: { ...ctx.merchantHeaders, accept: 'text/csv' } });
    if (response.status !== 200 || !response.body) throw new Error(`GET /api/payments as CSV answered ${response.status}`);
    const reader = response.body.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      bytes += chunk.value.byteLength;
      for (const byte of chunk.value) if (byte === 10) lines++;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - started) / 1000;
  rssPeakMiB = Math.max(rssPeakMiB, rss());
  const rows = lines - 1;
  const growthMiB = rssPeakMiB - rssBeforeMiB;
  return {
    rows,
    mebibytes: bytes / 1024 / 1024,
    seconds,
    rowsPerSecond: rows / seconds,
    rssBeforeMiB,
    rssPeakMiB,
    growthMiB,
    maxGrowthMiB: MAX_GROWTH_MIB,
    pass: growthMiB < MAX_GROWTH_MIB,
  };
}

export function formatExport(result: ExportResult): { value: string; target: string } {
  return {
    value: `${result.rows.toLocaleString('en-US')} rows, ${result.mebibytes.toFixed(1)} MiB in ${result.seconds.toFixed(1)} s; RSS ${result.rssBeforeMiB.toFixed(0)} → peak ${result.rssPeakMiB.toFixed(0)} MiB (+${result.growthMiB.toFixed(1)})`,
    target: `growth < ${result.maxGrowthMiB} MiB`,
  };
}
