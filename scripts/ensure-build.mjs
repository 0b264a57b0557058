// Builds the production bundle when it is missing or older than the sources, so `npm start` and the
// test and benchmark harnesses always serve the code in the work tree.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceRoots = ['app', 'components', 'lib', 'public', 'instrumentation.ts', 'proxy.ts', 'next.config.mjs', 'package.json', 'postcss.config.mjs'];

function newestSourceTime(entry) {
  const full = path.join(root, entry);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(full)) {
    if (child.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestSourceTime(path.join(entry, child)));
  }
  return newest;
}

export function ensureBuild({ quiet = false } = {}) {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sourcesAt = Math.max(...sourceRoots.map(newestSourceTime));
  if (builtAt > sourcesAt) return false;
  if (!quiet) console.log(builtAt ? 'Sources changed since the last build: rebuilding…' : 'No production build yet: building…');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: root,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  if (result.status !== 0) {
    console.error('next build failed');
    process.exit(result.status ?? 1);
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureBuild({ quiet: process.argv.includes('--quiet') });
