// Everything about the Kasa process under test: production build, a merchant, start, readiness, stop.
// The interface (scripts/ensure-build.mjs, scripts/merchant-create.ts, scripts/server.mjs) is the
// server's public contract; this file only drives it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { onCleanup, onExitSync } from './cleanup';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Merchant {
  merchantId: string;
  apiKey: string;
  apiSecret: string;
  callbackSecret: string;
}

export interface RunningServer {
  baseUrl: string;
  pid: number;
  /** The last lines the server wrote (stdout and stderr), for error reports. */
  logTail(): string;
  /** Lines written since `markLog()` (warn/error logs during a measurement). */
  linesSinceMark(): number;
  markLog(): void;
  /** The first lines written since `markLog()` (at most 5). */
  linesSinceMarkSample(): string[];
  /**
   * Sends SIGUSR2 (a full garbage collection, see gc-on-signal.mjs) and waits for the server to report
   * it done, with its V8 heap's figures after it; null when it did not within `timeoutMs`.
   */
  collectGarbage(timeoutMs?: number): Promise<HeapAfterGc | null>;
  /** How the server ended, when it is no longer running. */
  exitInfo(): { code: number | null; signal: NodeJS.Signals | null } | null;
  stop(): Promise<void>;
}

/** `process.memoryUsage()` of the server right after a forced full collection, in bytes. */
export interface HeapAfterGc {
  heapUsed: number;
  heapTotal: number;
  external: number;
}

export class BenchSetupError extends Error {}

/** `node scripts/ensure-build.mjs`: builds `.next` when it is missing or older than the sources. */
export function ensureBuild(): void {
  const script = path.join(root, 'scripts', 'ensure-build.mjs');
  if (!existsSync(script)) throw new BenchSetupError(`missing ${path.relative(root, script)}`);
  const result = spawnSync(process.execPath, [script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new BenchSetupError(`production build failed (scripts/ensure-build.mjs exited with ${result.status ?? result.signal})`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => {
        if (port) resolve(port);
        else reject(new Error('could not get a free port'));
      });
    });
  });
}

/** Runs `tsx scripts/merchant-create.ts --name Bench --json` with the server's env; parses its JSON line. */
export async function createMerchant(env: NodeJS.ProcessEnv): Promise<Merchant> {
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const script = path.join(root, 'scripts', 'merchant-create.ts');
  if (!existsSync(script)) throw new BenchSetupError(`missing ${path.relative(root, script)}`);
  // The benchmark measures the endpoints, not the per-merchant rate limit (100 requests/s by default).
  const limit = ['--rate-limit', '1000000', '--burst', '1000000'];
  const { code, stdout, stderr } = await runCollect(tsx, [script, '--name', 'Bench', ...limit, '--json'], env, 180_000);
  if (code !== 0) {
    throw new BenchSetupError(`merchant-create exited with ${code}\nstdout: ${stdout.trim()}\nstderr: ${stderr.trim()}`);
  }
  const line = stdout
    .split('\n')
    .map((l) => l.trim())
    .reverse()
    .find((l) => l.startsWith('{'));
  let parsed: Partial<Merchant> | undefined;
  try {
    parsed = line ? (JSON.parse(line) as Partial<Merchant>) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!parsed?.apiKey || !parsed.apiSecret || !parsed.merchantId) {
    throw new BenchSetupError(`merchant-create printed no {merchantId, apiKey, apiSecret} JSON line\nstdout: ${stdout.trim()}\nstderr: ${stderr.trim()}`);
  }
  return parsed as Merchant;
}

function runCollect(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const unregister = onExitSync(() => child.kill('SIGKILL'));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      stderr += `\n(killed after ${timeoutMs / 1000} s)`;
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      unregister();
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      unregister();
      resolve({ code, stdout, stderr });
    });
  });
}

const GC_DONE = 'kasa-bench: gc done';

/**
 * Starts `node scripts/server.mjs` (with `--expose-gc` and bench/lib/gc-on-signal.mjs preloaded: a
 * full garbage collection on SIGUSR2, for the memory check) and waits until `GET /api/health` answers
 * 200. The server is stopped by the returned handle or by the clean-up stack (SIGTERM by pid, SIGKILL
 * after 5 s). `onLine` sees every line the server writes (stdout and stderr), e.g. to keep its whole log.
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  port: number,
  readyTimeoutMs = 120_000,
  options: { onLine?: (line: string) => void } = {},
): Promise<RunningServer> {
  const script = path.join(root, 'scripts', 'server.mjs');
  if (!existsSync(script)) throw new BenchSetupError(`missing ${path.relative(root, script)}`);
  const baseUrl = `http://127.0.0.1:${port}`;
  const gcPreload = pathToFileURL(path.join(root, 'bench', 'lib', 'gc-on-signal.mjs')).href;
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', '--import', gcPreload, script], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!child.pid) throw new BenchSetupError('could not spawn scripts/server.mjs');
  const pid = child.pid;

  const tail: string[] = [];
  let lines = 0;
  let mark = 0;
  let sinceMark: string[] = [];
  let partial = '';
  let gcWaiters: Array<(heap: HeapAfterGc) => void> = [];
  const collect = (d: Buffer) => {
    const parts = (partial + d.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      options.onLine?.(line);
      if (line.startsWith(GC_DONE)) {
        let heap: HeapAfterGc;
        try {
          heap = JSON.parse(line.slice(GC_DONE.length)) as HeapAfterGc;
        } catch {
          heap = { heapUsed: NaN, heapTotal: NaN, external: NaN };
        }
        for (const resolve of gcWaiters) resolve(heap);
        gcWaiters = [];
        continue;
      }
      lines += 1;
      if (sinceMark.length < 5) sinceMark.push(line.slice(0, 1000));
      tail.push(line);
      if (tail.length > 60) tail.shift();
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const exitPromise = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  const unregisterKill = onExitSync(() => {
    if (!exited) process.kill(pid, 'SIGKILL');
  });

  const stop = async () => {
    if (!exited) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const killed = await Promise.race([exitPromise.then(() => false), delay(5000).then(() => true)]);
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the child's exit handler sets `exited` during the race above; TypeScript keeps the narrowing from the `if` across the await
      if (killed && !exited) {
        console.error(`server pid ${pid} did not exit 5 s after SIGTERM: sending SIGKILL`);
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await Promise.race([exitPromise, delay(5000)]);
      }
    }
    unregisterKill();
  };
  const stopStep = onCleanup(`stop server pid ${pid}`, stop);

  const logTail = () => [...tail, partial].filter(Boolean).join('\n');
  const deadline = Date.now() + readyTimeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- set by the child's exit handler while this loop awaits
    if (exited) {
      const { code, signal } = exited as { code: number | null; signal: NodeJS.Signals | null };
      await stopStep();
      throw new BenchSetupError(`scripts/server.mjs exited before it was ready (code ${code}, signal ${signal})\n--- server output ---\n${logTail()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
      const text = await response.text();
      if (response.status === 200) {
        return {
          baseUrl,
          pid,
          logTail,
          linesSinceMark: () => lines - mark,
          markLog: () => {
            mark = lines;
            sinceMark = [];
          },
          linesSinceMarkSample: () => [...sinceMark],
          collectGarbage: (timeoutMs = 30_000) => {
            const done = new Promise<HeapAfterGc>((resolve) => gcWaiters.push(resolve));
            process.kill(pid, 'SIGUSR2');
            return Promise.race([done, delay(timeoutMs).then(() => null)]);
          },
          exitInfo: () => exited,
          stop: stopStep,
        };
      }
      last = `GET /api/health → ${response.status} ${text.slice(0, 300)}`;
    } catch (error) {
      last = `GET /api/health → ${error instanceof Error ? error.message : String(error)}`;
    }
    await delay(250);
  }
  await stopStep();
  throw new BenchSetupError(`server not ready after ${readyTimeoutMs / 1000} s (last: ${last})\n--- server output ---\n${logTail()}`);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
