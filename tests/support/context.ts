import { describe, inject, type ProvidedContext } from 'vitest';

/** Credentials printed by `scripts/merchant-create.ts --json`. */
export interface MerchantCredentials {
  merchantId: string;
  apiKey: string;
  apiSecret: string;
  callbackSecret: string;
  /** The dashboard login, when the merchant was created with one (`--email`, `--password`). */
  email?: string;
  password?: string;
}

/** A merchant created with a dashboard login. */
export type MerchantWithLogin = MerchantCredentials & { email: string; password: string };

/** One running Kasa server with its own store, as started by tests/support/harness.ts. */
export interface Backend {
  name: 'pglite' | 'postgres';
  baseUrl: string;
  /** DATA_DIR of the server (the embedded store lives here for pglite). */
  dataDir: string;
  /** stdout + stderr of the server. */
  logFile: string;
  /** The server's DATABASE_URL (postgres only). */
  databaseUrl?: string;
  /** Process id of `node scripts/server.mjs`. */
  pid: number;
  /** The environment the server was started with (merchant-create needs the same one). */
  env: Record<string, string>;
  /**
   * `a` and `b` for tenant isolation, each with a dashboard login; `c` is reserved for
   * tests/http/no-writes.test.ts, which counts the merchant's rows and needs no other test writing for
   * it meanwhile; `lockout`'s dashboard login is reserved for tests/http/dashboard-auth.test.ts, which
   * locks it (any other test signing in with it would be refused for 15 minutes).
   */
  /** `limited` has an API rate limit of 2 requests/s with a burst of 4 (tests/http/rate-limit.test.ts only). */
  merchants: { a: MerchantWithLogin; b: MerchantWithLogin; c: MerchantCredentials; lockout: MerchantWithLogin; limited: MerchantCredentials };
}

export interface HarnessContext {
  /** Temporary directory holding every backend's data directory and log. */
  runDir: string;
  backends: Backend[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    kasa: HarnessContext;
  }
}

export function harness(): HarnessContext {
  // Undefined when the file runs outside the http project's globalSetup.
  const context = inject('kasa') as ProvidedContext['kasa'] | undefined;
  if (!context?.backends.length) {
    throw new Error('No Kasa server was provided: run the HTTP tests through vitest.config.ts (project "http").');
  }
  return context;
}

export function backends(): Backend[] {
  return harness().backends;
}

/** Registers `body` once per running backend, inside `describe('<backend name>')`. */
export function forEachBackend(body: (backend: Backend) => void): void {
  describe.each(backends().map((backend) => ({ name: backend.name, backend })))('$name', ({ backend }) => { body(backend); });
}
