import type { RunnerTask, RunnerTestFile, RunnerTestSuite } from 'vitest';

/** Whether anything in the suite (its hooks included) failed: then its servers' files are kept. */
export function suiteFailed(suite: Readonly<RunnerTestSuite | RunnerTestFile> | RunnerTask): boolean {
  if (suite.result?.state === 'fail') return true;
  return 'tasks' in suite && suite.tasks.some((task) => suiteFailed(task));
}

/** How often each value occurs, for the numbers the specs print. */
export function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
