import { Writable } from 'node:stream';
import { expect, test } from 'vitest';
import { createLogger } from './log';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(stream), lines };
}

test('card fields, secrets and auth headers are redacted wherever they appear in a log object', () => {
  const { logger, lines } = capture();
  logger.info({
    pan: '5421190122090656',
    body: { pan: '4111111111111111', cvv: '917', card: { cvv: '483' } },
    request: { headers: { 'x-api-secret': 'sk_live_secret', 'x-api-key': 'pk_key' } },
    apiSecret: 'sk_other',
  });
  const line = lines.join('');
  for (const secret of ['5421190122090656', '4111111111111111', '917', '483', 'sk_live_secret', 'pk_key', 'sk_other']) {
    expect(line).not.toContain(secret);
  }
  expect(line).toContain('[redacted]');
});
