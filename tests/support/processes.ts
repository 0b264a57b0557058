import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MerchantCredentials } from './context';

/** The repository root (/work/main). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type Environment = Record<string, string | undefined>;

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, capturing its output (killed after `timeoutMs`). */
export function run(
  command: string,
  args: string[],
  options: { env?: Environment; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env: (options.env ?? process.env) as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = options.timeoutMs
      ? setTimeout(() => {
          stderr += `\n[test harness] killed after ${options.timeoutMs} ms`;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The last `lines` lines of a text, for error messages. */
export function tail(text: string, lines = 60): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function tailOfFile(file: string, lines = 60): string {
  try {
    return tail(readFileSync(file, 'utf8'), lines);
  } catch {
    return '(no log)';
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => { resolve(port); });
    });
  });
}

/** A dashboard login to create with a merchant (`--email`, `--password`). */
export interface DashboardLogin {
  email: string;
  password: string;
}

/** `tsx scripts/merchant-create.ts --name <name> [--email … --password …] --json` with the server's environment. */
export function runMerchantCreate(
  env: Environment,
  name: string,
  login?: DashboardLogin,
  // Test merchants send far more than the production default of 100 requests/s; the rate-limit
  // specs create their own merchants with low limits.
  rateLimit = { perSecond: 1_000_000, burst: 1_000_000 },
): Promise<RunResult> {
  // `--name=value` form: a random password may start with '-'.
  const loginArgs = login ? [`--email=${login.email}`, `--password=${login.password}`] : [];
  const limitArgs = ['--rate-limit', String(rateLimit.perSecond), '--burst', String(rateLimit.burst)];
  return run(path.join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/merchant-create.ts', '--name', name, ...loginArgs, ...limitArgs, '--json'], {
    env,
    timeoutMs: 120_000,
  });
}

/** A dashboard login for a test merchant: a unique address and a random password of 24 characters. */
export function testLogin(label: string): DashboardLogin {
  return { email: `${label}-${randomBytes(4).toString('hex')}@kasa.test`, password: randomBytes(18).toString('base64url') };
}

/**
 * Creates a merchant (with `login`, its dashboard user too) and parses the JSON line it prints;
 * throws with the script's output otherwise. The login's password is added to the result.
 */
export async function createMerchant(
  env: Environment,
  name: string,
  login?: DashboardLogin,
  rateLimit?: { perSecond: number; burst: number },
): Promise<MerchantCredentials> {
  const result = await runMerchantCreate(env, name, login, rateLimit);
  const output = `--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`;
  if (result.code !== 0) {
    throw new Error(`merchant-create "${name}" exited with ${result.code ?? result.signal}\n${output}`);
  }
  for (const line of result.stdout.trim().split('\n').reverse()) {
    try {
      const parsed = JSON.parse(line) as Partial<MerchantCredentials>;
      if ((parsed as unknown) !== null && typeof parsed === 'object' && parsed.merchantId && parsed.apiKey && parsed.apiSecret) {
        if (login && parsed.email !== login.email.toLowerCase()) {
          throw new Error(`merchant-create "${name}" printed email ${JSON.stringify(parsed.email)}, not ${login.email}\n${output}`);
        }
        return (login ? { ...parsed, password: login.password } : parsed) as MerchantCredentials;
      }
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      // not the JSON line
    }
  }
  throw new Error(`merchant-create "${name}" printed no {"merchantId","apiKey","apiSecret",…} line\n${output}`);
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  logFile: string;
  exited: Promise<void>;
  /** Set once the process has exited. */
  exit?: { code: number | null; signal: NodeJS.Signals | null };
}

/**
 * Starts `node scripts/server.mjs` with stdout and stderr appended to `logFile`. The server gets its
 * own process group so that a stuck child of it can be killed with it.
 */
export function startServer(env: Environment, logFile: string): ServerProcess {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['scripts/server.mjs'], {
    cwd: repoRoot,
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  const server: ServerProcess = { child, pid: child.pid ?? -1, logFile, exited: Promise.resolve() };
  server.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      server.exit = { code, signal };
      resolve();
    });
    child.on('error', () => {
      server.exit ??= { code: null, signal: null };
      resolve();
    });
  });
  return server;
}

/** Polls `GET /api/health` until it answers 200; throws with the log's tail otherwise. */
export async function waitUntilReady(server: ServerProcess, baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (server.exit) {
      throw new Error(
        `The Kasa server (${baseUrl}) exited with ${server.exit.code ?? server.exit.signal} before it was ready.\n` +
          `--- tail of ${server.logFile} ---\n${tailOfFile(server.logFile)}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      const text = await response.text();
      if (response.status === 200) return;
      last = `HTTP ${response.status} ${text.slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `The Kasa server (${baseUrl}) was not ready within ${timeoutMs / 1000} s (last health check: ${last}).\n` +
      `--- tail of ${server.logFile} ---\n${tailOfFile(server.logFile)}`,
  );
}

/** SIGTERM, then SIGKILL of the whole process group after `graceMs`. */
export async function stopServer(server: ServerProcess, graceMs = 5_000): Promise<void> {
  if (!server.exit) {
    try {
      process.kill(server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    const timedOut = await Promise.race([
      server.exited.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => { resolve(true); }, graceMs).unref()),
    ]);
    if (!timedOut) {
      killGroup(server.pid);
      return;
    }
  }
  killGroup(server.pid);
  await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
}

/** Kills what is left of the server's process group (children that outlived it). */
export function killGroup(pid: number): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // no such group any more
  }
}

/** Ids of `pid` and all its descendants (Linux /proc; just `pid` elsewhere). */
export function processTree(pid: number): number[] {
  if (!existsSync('/proc')) return [pid];
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // exited meanwhile
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  }
  return tree;
}

/** The parent environment without anything that would point a server at another store or mode. */
export function cleanEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(KASA_|VITEST|DATABASE_URL$|DATA_DIR$|PORT$|HOST$|PUBLIC_BASE_URL$|NODE_ENV$|TEST_DATABASE_URL$|NEXT_|E2E_)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/**
 * The environment of a test server on 127.0.0.1:`port`: production mode, its own DATA_DIR, the test
 * client trusted as a proxy (so a test can act as any client address with X-Forwarded-For), and
 * PostgreSQL when `databaseUrl` is given. `extra` adds or overrides settings.
 */
export function serverEnvironment(options: {
  port: number;
  dataDir: string;
  logLevel: string;
  databaseUrl?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    ...cleanEnvironment(),
    NODE_ENV: 'production',
    PORT: String(options.port),
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    PUBLIC_BASE_URL: `http://127.0.0.1:${options.port}`,
    KASA_TRUSTED_PROXIES: '127.0.0.1',
    KASA_LOG_LEVEL: options.logLevel,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.extra,
  };
}
