import pino from 'pino';
import { config } from './config';

/**
 * Card data must never reach a log line. Nothing logs request bodies, and redaction is the second
 * line of defence should a card field or credential ever be passed to the logger by mistake.
 */
const sensitiveKeys = ['pan', 'cvv', 'securityKey', 'apiSecret', 'secret', 'callbackSecret', 'password'];
const sensitiveHeaders = ['x-api-secret', 'x-api-key', 'authorization', 'cookie'];

export function createLogger(destination?: pino.DestinationStream) {
  return pino(
    {
      level: config.logLevel,
      base: undefined,
      redact: {
        paths: [
          ...sensitiveKeys,
          ...sensitiveKeys.map((key) => `*.${key}`),
          ...sensitiveKeys.map((key) => `*.*.${key}`),
          ...sensitiveHeaders.map((header) => `headers["${header}"]`),
          ...sensitiveHeaders.map((header) => `*.headers["${header}"]`),
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export const logger = createLogger();

/**
 * An error as it may be logged: name, message and code, never data. Drizzle's query errors append
 * the query's parameters (names, masked card numbers, addresses) to their message: those are cut.
 */
export function describeError(error: unknown): { name: string; message: string; code?: string; stack?: string } {
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const safeMessage = message.split('\nparams:')[0];
  return {
    name,
    message: cause?.message ? `${safeMessage} — ${cause.message}` : safeMessage,
    code: cause?.code ?? (error as { code?: string }).code,
    stack: stack?.split('\nparams:')[0],
  };
}
