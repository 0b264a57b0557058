import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * PGlite takes no lock of its own, and a second process opening the same directory can destroy
 * acknowledged writes. Like PostgreSQL's postmaster.pid, Kasa keeps a lock file naming the holder and
 * refuses to open the store while that process is alive.
 */
interface LockHolder {
  pid: number;
  hostname: string;
  command: string;
  since: string;
}

export class DataDirLockedError extends Error {
  constructor(dataDir: string, holder: LockHolder) {
    super(
      `DATA_DIR ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}) on ${holder.hostname}. ` +
        'Stop that process first, or point DATA_DIR at another directory.',
    );
    this.name = 'DataDirLockedError';
  }
}

export function lockDataDir(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'kasa.lock');
  const me: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    command: path.basename(process.argv[1] ?? process.argv0) || 'node',
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      process.once('exit', () => { releaseLock(lockFile); });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lockFile);
    if (holder?.pid === process.pid) return;
    if (holder && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
    // The holder died without cleaning up (kill -9, power loss): the lock is stale.
    unlinkSync(lockFile);
  }
  throw new Error(`Could not lock DATA_DIR ${dataDir}: another process keeps taking the lock`);
}

function readHolder(lockFile: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(lockFile, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  // A pid from another machine (a shared volume) cannot be checked: treat it as alive.
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseLock(lockFile: string): void {
  if (readHolder(lockFile)?.pid === process.pid) unlinkSync(lockFile);
}
