import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParserOptions } from '@electric-sql/pglite';
import { coveredByDefaults } from './pglite-client';

/**
 * PGlite in a worker thread (lib/db/pglite-worker.mjs), behind the part of PGlite's API Drizzle uses:
 * `query`, `exec` and `transaction`. The worker is the data directory's one opener (the caller holds
 * DATA_DIR's lock first); a query is answered once PGlite has answered it there, so an acknowledged
 * write is exactly as durable as with PGlite in this thread. A transaction holds PGlite's transaction
 * lock in the worker from BEGIN to COMMIT or ROLLBACK: other queries wait, as they do in-thread.
 */
export interface ThreadClient {
  query(text: string, params?: unknown[], options?: QueryOptions): Promise<unknown>;
  exec(text: string): Promise<unknown>;
  transaction<T>(callback: (tx: Omit<ThreadClient, 'transaction' | 'close'>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

interface QueryOptions {
  rowMode?: 'array' | 'object';
  parsers?: ParserOptions;
}

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: Record<string, unknown> & { message: string };
}

const MAX_STATEMENTS = 2_000;

const workerFile = () => path.join(process.cwd(), 'lib/db/pglite-worker.mjs');

/** A database error as it came from the worker: message, code, detail, … */
function rebuild(description: Reply['error']): Error {
  const error = new Error(description?.message ?? 'PGlite worker error');
  Object.assign(error, description);
  return error;
}

export async function createThreadClient(directory: string): Promise<ThreadClient> {
  const worker = new Worker(workerFile(), { workerData: { directory } });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let failure: Error | null = null;

  // The worker keeps the process alive only while a request is in flight, so a script that forgets
  // to close the store still exits, and none exits with a write unanswered.
  worker.unref();
  const settle = (reply: Reply) => {
    const pending = waiting.get(reply.id);
    if (!pending) return;
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if (reply.ok) pending.resolve(reply.result);
    else pending.reject(rebuild(reply.error));
  };
  const failAll = (error: Error) => {
    failure = error;
    for (const pending of waiting.values()) pending.reject(error);
    waiting.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => { failAll(new Error(`PGlite worker exited (code ${code})`)); });

  const ready = new Promise<void>((resolve, reject) => { waiting.set(0, { resolve: () => { resolve(); }, reject }); });
  worker.ref();
  worker.on('message', settle);
  await ready;

  const send = (message: Record<string, unknown>): Promise<unknown> => {
    if (failure) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  };

  // A statement's text crosses to the worker once: later calls name it by number (the texts are
  // Drizzle's, a bounded set; past MAX_STATEMENTS distinct ones the rest go as text every time).
  const statements = new Map<string, number>();
  const statement = (text: string): { sid?: number; text?: string } => {
    const known = statements.get(text);
    if (known !== undefined) return { sid: known };
    if (statements.size >= MAX_STATEMENTS) return { text };
    const sid = statements.size + 1;
    statements.set(text, sid);
    return { sid, text };
  };

  const handle = (tx?: number) => ({
    query: (text: string, params: unknown[] = [], options?: QueryOptions) => {
      // Functions cannot cross to the worker: the only parsers Drizzle passes are the worker's defaults.
      if (options?.parsers && !coveredByDefaults(options.parsers)) {
        return Promise.reject(new Error('the PGlite worker takes no per-query parsers beyond its defaults'));
      }
      return send({ op: 'query', tx, ...statement(text), params, options: options?.rowMode ? { rowMode: options.rowMode } : undefined });
    },
    exec: (text: string) => send({ op: 'exec', tx, ...statement(text) }),
  });

  return {
    ...handle(),
    async transaction<T>(callback: (tx: ReturnType<typeof handle>) => Promise<T>): Promise<T> {
      const tx = nextId;
      await send({ op: 'begin' });
      let result: T;
      try {
        result = await callback(handle(tx));
      } catch (error) {
        await send({ op: 'end', tx, commit: false });
        throw error;
      }
      await send({ op: 'end', tx, commit: true });
      return result;
    },
    async close() {
      if (!failure) await send({ op: 'close' });
      await worker.terminate();
    },
  };
}
