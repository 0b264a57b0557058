import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { DataDirLockedError, lockDataDir } from './data-dir-lock';

test('a directory held by a live process is refused with the holder named', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kasa-lock-'));
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  try {
    writeFileSync(
      path.join(dataDir, 'kasa.lock'),
      JSON.stringify({ pid: holder.pid, hostname: hostname(), command: 'server.mjs', since: new Date().toISOString() }),
    );
    expect(() => { lockDataDir(dataDir); }).toThrow(DataDirLockedError);
    expect(() => { lockDataDir(dataDir); }).toThrow(new RegExp(`in use by process ${holder.pid} \\(server\\.mjs`));
  } finally {
    holder.kill();
  }
});

test('a lock left by a dead process is taken over', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kasa-lock-'));
  const dead = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => dead.on('exit', resolve));
  writeFileSync(
    path.join(dataDir, 'kasa.lock'),
    JSON.stringify({ pid: dead.pid, hostname: hostname(), command: 'server.mjs', since: new Date().toISOString() }),
  );
  lockDataDir(dataDir);
  expect(JSON.parse(readFileSync(path.join(dataDir, 'kasa.lock'), 'utf8')).pid).toBe(process.pid);
});
