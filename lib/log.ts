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
