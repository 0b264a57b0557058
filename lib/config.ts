import path from 'node:path';
import { z } from 'zod';
import ipaddr from 'ipaddr.js';

/**
 * The one place that reads process.env. Parsed once at import; a bad value stops the process with a
 * one-line message naming the variable (next.config.mjs imports this, so `next build` fails fast too).
 */
const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

const splitList = (value: string) => value.split(',').map((entry) => entry.trim()).filter(Boolean);

const environmentSchema = z
  .object({
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
    HOST: z.preprocess(emptyAsUndefined, z.string().optional()),
    PUBLIC_BASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/ }).optional()),
    DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
    DATABASE_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    KASA_MODE: z.preprocess(emptyAsUndefined, z.enum(['sandbox', 'live']).default('sandbox')),
    KASA_SECRET_KEY: z.preprocess(
      emptyAsUndefined,
      z.string().min(32, 'must be at least 32 characters of random data').optional(),
    ),
    KASA_LOG_LEVEL: z.preprocess(
      emptyAsUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    /** Comma-separated proxy addresses or CIDR ranges whose X-Forwarded-For is believed. */
    KASA_TRUSTED_PROXIES: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .default('')
        .refine((value) => splitList(value).every(isAddressOrRange), 'must list IP addresses or CIDR ranges'),
    ),
    /** Seconds between callback delivery attempts (reference §7); tests shorten it. */
    KASA_CALLBACK_RETRY_SCHEDULE: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .default('60,300,900,3600,10800,21600,43200,86400,86400')
        .refine((value) => splitList(value).every((entry) => /^\d+(\.\d+)?$/.test(entry)), 'must list seconds, e.g. 60,300'),
    ),
    /** The daily settlement cut-off (HH:MM in KASA_TIMEZONE): a charge can be cancelled until then (reference §10). */
    KASA_SETTLEMENT_CUTOFF: z.preprocess(
      emptyAsUndefined,
      z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, e.g. 23:00').default('23:00'),
    ),
    KASA_TIMEZONE: z.preprocess(
      emptyAsUndefined,
      z.string().default('Europe/Istanbul').refine(isTimeZone, 'must be an IANA time zone name, e.g. Europe/Istanbul'),
    ),
    KASA_CALLBACK_POLL_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(50).max(60_000).default(1000)),
    /** Milliseconds between housekeeping runs (recovery, 3-D Secure and authorization expiry); tests shorten it. */
    KASA_MAINTENANCE_INTERVAL_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(3_600_000).default(60_000)),
    /** How long one call to a merchant's bank may take, answer included, before its outcome is asked for. */
    KASA_BANK_TIMEOUT_MS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(100).max(55_000).default(30_000)),
    NEXT_PHASE: z.string().optional(),
    NODE_ENV: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.KASA_MODE === 'live' && !env.KASA_SECRET_KEY) {
      ctx.addIssue({ code: 'custom', path: ['KASA_SECRET_KEY'], message: 'is required when KASA_MODE=live' });
    }
    if (env.KASA_MODE === 'live' && env.PUBLIC_BASE_URL && !env.PUBLIC_BASE_URL.startsWith('https://')) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_BASE_URL'], message: 'must be https when KASA_MODE=live' });
    }
  });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function parseEnvironment() {
  const parsed = environmentSchema.safeParse(process.env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const variable = String(issue.path[0] ?? 'environment');
  console.error(`Kasa cannot start: ${variable} ${issue.message.replace(/^Invalid input: /, '')}`);
  process.exit(1);
}

const env = parseEnvironment();

export const config = {
  port: env.PORT,
  host: env.HOST,
  publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
  dataDir: path.resolve(env.DATA_DIR),
  databaseUrl: env.DATABASE_URL,
  mode: env.KASA_MODE,
  secretKey: env.KASA_SECRET_KEY,
  logLevel: env.KASA_LOG_LEVEL,
  trustedProxies: splitList(env.KASA_TRUSTED_PROXIES),
  settlement: {
    cutoff: env.KASA_SETTLEMENT_CUTOFF,
    timeZone: env.KASA_TIMEZONE,
  },
  callbacks: {
    retryScheduleMs: splitList(env.KASA_CALLBACK_RETRY_SCHEDULE).map((seconds) => Math.round(Number(seconds) * 1000)),
    pollMs: env.KASA_CALLBACK_POLL_MS,
  },
  maintenance: {
    intervalMs: env.KASA_MAINTENANCE_INTERVAL_MS,
  },
  bankTimeoutMs: env.KASA_BANK_TIMEOUT_MS,
  /** `next dev`: React needs eval for its debugging aids, so the CSP allows it there only. */
  isDevelopment: env.NODE_ENV === 'development',
  /** True inside `next build`: nothing may open the database or print credentials then. */
  isBuildPhase: env.NEXT_PHASE === 'phase-production-build',
} as const;

export type KasaConfig = typeof config;

/** Validates one KASA_TRUSTED_PROXIES entry (an address or a CIDR range). */
function isAddressOrRange(entry: string): boolean {
  return entry.includes('/') ? isValidCidr(entry) : ipaddr.isValid(entry);
}

function isValidCidr(entry: string): boolean {
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}
