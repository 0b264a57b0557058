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

test('a logged query error keeps its message and code but not the query parameters', async () => {
  const { describeError } = await import('./log');
  const error = Object.assign(new Error('Failed query: insert into "payments" values ($1, $2)\nparams: 542119******0656,Ayşe Yılmaz'), {
    cause: { code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' },
  });
  const described = describeError(error);
  expect(JSON.stringify(described)).not.toContain('542119');
  expect(JSON.stringify(described)).not.toContain('Ayşe');
  expect(described).toMatchObject({ code: '22021', message: expect.stringContaining('invalid byte sequence') });
});
