/**
 * Vitest globalSetup of the `fuzz` project (beside the HTTP harness): a directory for the properties'
 * case counts, and at teardown one summary line per backend plus the total, so every run records how
 * many cases it tried.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export default function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kasa-fuzz-counts-'));
  project.provide('fuzzCountsDir', dir);

  return () => {
    const entries = readdirSync(dir).map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as {
      name: string;
      backend: string;
      runs: number;
      failed: boolean;
      startedAt: number;
      endedAt: number;
      /** Present for model-based properties: `runs` counts their command sequences. */
      commands?: number;
    });
    rmSync(dir, { recursive: true, force: true });
    if (entries.length === 0) return;
    const byBackend = new Map<string, { runs: number; properties: number; failed: number; sequences: number; commands: number }>();
    for (const entry of entries) {
      const total = byBackend.get(entry.backend) ?? { runs: 0, properties: 0, failed: 0, sequences: 0, commands: 0 };
      if (entry.commands === undefined) total.runs += entry.runs;
      else {
        total.sequences += entry.runs;
        total.commands += entry.commands;
      }
      total.properties += 1;
      total.failed += entry.failed ? 1 : 0;
      byBackend.set(entry.backend, total);
    }
    const runs = entries.reduce((sum, entry) => sum + (entry.commands === undefined ? entry.runs : 0), 0);
    const commands = entries.reduce((sum, entry) => sum + (entry.commands ?? 0), 0);
    const counted = (cases: number, sequences: string | false) => [(cases || !sequences) && `${cases} cases`, sequences].filter(Boolean).join(' and ');
    const lines = [...byBackend].map(([backend, total]) => {
      const sequences = total.sequences > 0 && `${total.sequences} command sequences (${total.commands} commands)`;
      return `[fuzz] ${backend}: ${counted(total.runs, sequences)} over ${total.properties} properties${total.failed ? `, ${total.failed} failed` : ''}`;
    });
    // Wall time from the first property's start to the last one's end (globalSetup runs long before them).
    const wall = Math.max(...entries.map((entry) => entry.endedAt)) - Math.min(...entries.map((entry) => entry.startedAt));
    lines.push(
      `[fuzz] total: ${counted(runs, commands > 0 && `${commands} model commands`)} in ${(wall / 1000).toFixed(1)} s of properties (FUZZ_RUNS=${process.env.FUZZ_RUNS ?? 'default'})`,
    );
    process.stderr.write(`${lines.join('\n')}\n`);
  };
}
