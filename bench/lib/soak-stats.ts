// What the soak's clients saw, per kind of request: answers by status, requests that got no answer,
// answers that were not the expected one, latencies; plus a window that the monitor empties every 10 s.

/** Nearest-rank percentile of unsorted values (NaN when empty). */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const median = (values: ArrayLike<number>) => percentile(values, 50);

export interface KindTotals {
  requests: number;
  /** HTTP status → count; `none` for requests that got no answer (connection error, timeout). */
  statuses: Record<string, number>;
  fiveXx: number;
  noAnswer: number;
  /** Answered, but not with the status or body the flow expects (5xx and no answer included). */
  unexpected: number;
  /** The first few unexpected answers. */
  samples: string[];
  latencyMs: { p50: number; p99: number; max: number };
}

interface KindState {
  requests: number;
  statuses: Record<string, number>;
  fiveXx: number;
  noAnswer: number;
  unexpected: number;
  samples: string[];
  latencies: number[];
}

export interface WindowTotals {
  requests: number;
  fiveXx: number;
  noAnswer: number;
  unexpected: number;
  p99Ms: number;
}

export class Recorder {
  private readonly kinds = new Map<string, KindState>();
  private window = { requests: 0, fiveXx: 0, noAnswer: 0, unexpected: 0, latencies: [] as number[] };

  /** One request: its answer's status (null: none came), latency, and what was wrong with it (null: as expected). */
  record(kind: string, status: number | null, latencyMs: number, problem: string | null): void {
    let state = this.kinds.get(kind);
    if (!state) this.kinds.set(kind, (state = { requests: 0, statuses: {}, fiveXx: 0, noAnswer: 0, unexpected: 0, samples: [], latencies: [] }));
    const key = status === null ? 'none' : String(status);
    state.requests += 1;
    state.statuses[key] = (state.statuses[key] ?? 0) + 1;
    this.window.requests += 1;
    if (status === null) {
      state.noAnswer += 1;
      this.window.noAnswer += 1;
    } else {
      state.latencies.push(latencyMs);
      this.window.latencies.push(latencyMs);
    }
    if (status !== null && status >= 500) {
      state.fiveXx += 1;
      this.window.fiveXx += 1;
    }
    if (problem !== null) {
      state.unexpected += 1;
      this.window.unexpected += 1;
      if (state.samples.length < 5) state.samples.push(`${key}: ${problem}`.slice(0, 600));
    }
  }

  /** The requests since the last call. */
  takeWindow(): WindowTotals {
    const { latencies, ...counts } = this.window;
    this.window = { requests: 0, fiveXx: 0, noAnswer: 0, unexpected: 0, latencies: [] };
    return { ...counts, p99Ms: percentile(latencies, 99) };
  }

  totals(): Record<string, KindTotals> {
    const out: Record<string, KindTotals> = {};
    for (const [kind, { latencies, ...rest }] of this.kinds) {
      const sorted = Float64Array.from(latencies).sort();
      out[kind] = {
        ...rest,
        latencyMs: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.length ? sorted[sorted.length - 1] : NaN },
      };
    }
    return out;
  }

  sum(): { requests: number; fiveXx: number; noAnswer: number; unexpected: number; p99Ms: number } {
    let requests = 0;
    let fiveXx = 0;
    let noAnswer = 0;
    let unexpected = 0;
    const all: number[] = [];
    for (const state of this.kinds.values()) {
      requests += state.requests;
      fiveXx += state.fiveXx;
      noAnswer += state.noAnswer;
      unexpected += state.unexpected;
      for (const latency of state.latencies) all.push(latency);
    }
    return { requests, fiveXx, noAnswer, unexpected, p99Ms: percentile(all, 99) };
  }
}
