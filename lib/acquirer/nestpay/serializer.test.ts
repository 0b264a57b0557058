import { describe, expect, test } from 'vitest';
import { encodeText } from './charset';
import {
  buildCC5Request,
  currencyFromNumber,
  currencyNumber,
  encodeForm,
  formatAmount,
  NestPayMalformedResponse,
  parseAmountText,
  parseCC5Request,
  parseCC5Response,
  parseForm,
} from './serializer';

describe('CC5Request', () => {
  test('is ISO-8859-9 XML with the fields in order, escaped, Extra nested', () => {
    const bytes = buildCC5Request({ Name: 'API<&>', Password: 'p"w', ClientId: '190100000', OrderId: 'o1', Extra: { ORDERSTATUS: 'QUERY' } });
    const xml = bytes.toString('latin1');
    expect(xml).toBe(
      '<?xml version="1.0" encoding="ISO-8859-9"?><CC5Request><Name>API&lt;&amp;&gt;</Name><Password>p&quot;w</Password><ClientId>190100000</ClientId><OrderId>o1</OrderId><Extra><ORDERSTATUS>QUERY</ORDERSTATUS></Extra></CC5Request>',
    );
    expect(parseCC5Request(bytes)).toEqual({ Name: 'API<&>', Password: 'p"w', ClientId: '190100000', OrderId: 'o1', Extra: { ORDERSTATUS: 'QUERY' } });
  });

  test('Turkish letters are written as Latin-5 bytes', () => {
    const bytes = buildCC5Request({ Name: 'İşbank', Password: 'ğ', ClientId: '1' });
    expect([...bytes.subarray(bytes.indexOf('<Name>') + 6, bytes.indexOf('<Name>') + 8)]).toEqual([0xdd, 0xfe]);
    expect(parseCC5Request(bytes).Name).toBe('İşbank');
  });
});

describe('CC5Response', () => {
  const approved = `<?xml version="1.0" encoding="ISO-8859-9"?>
<CC5Response><OrderId>202210293885</OrderId><GroupId>202210293885</GroupId><Response>Approved</Response>
<AuthCode>P48911</AuthCode><HostRefNum>230200671758</HostRefNum><ProcReturnCode>00</ProcReturnCode>
<TransId>22302V8rE11732</TransId><ErrMsg></ErrMsg><Extra><SETTLEID>2286</SETTLEID><NUMCODE>00</NUMCODE></Extra></CC5Response>`;

  test('reads every element as text, leading zeros kept', () => {
    expect(parseCC5Response(Buffer.from(approved, 'latin1'))).toEqual({
      OrderId: '202210293885',
      GroupId: '202210293885',
      Response: 'Approved',
      AuthCode: 'P48911',
      HostRefNum: '230200671758',
      ProcReturnCode: '00',
      TransId: '22302V8rE11732',
      ErrMsg: '',
      Extra: { SETTLEID: '2286', NUMCODE: '00' },
    });
  });

  test('decodes the declared charset: Latin-5 bytes and UTF-8 both give the Turkish text', () => {
    const message = 'Kredi kartı numarası geçerli formatta değil';
    const body = (encoding: string) =>
      `<?xml version="1.0" encoding="${encoding}"?><CC5Response><Response>Error</Response><ProcReturnCode>99</ProcReturnCode><ErrMsg>${message}</ErrMsg></CC5Response>`;
    expect(parseCC5Response(encodeText(body('ISO-8859-9'), 'iso-8859-9')).ErrMsg).toBe(message);
    expect(parseCC5Response(Buffer.from(body('UTF-8'), 'utf8')).ErrMsg).toBe(message);
  });

  test.each([
    ['truncated XML', '<CC5Response><Response>Appro'],
    ['an HTML error page', '<html><body>Internal error</body></html>'],
    ['an empty body', ''],
    ['another root', '<CC5Request><Response>Approved</Response></CC5Request>'],
    ['an unknown Response', '<CC5Response><Response>OK</Response></CC5Response>'],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><CC5Response><Response>Approved</Response></CC5Response>'],
  ])('%s is a NestPayMalformedResponse', (_name, body) => {
    expect(() => parseCC5Response(body)).toThrow(NestPayMalformedResponse);
  });
});

describe('amounts and currencies', () => {
  test('minor units format with the currency\'s decimals, exactly', () => {
    expect(formatAmount(10025, 'TRY')).toBe('100.25');
    expect(formatAmount(5, 'TRY')).toBe('0.05');
    expect(formatAmount(0, 'USD')).toBe('0.00');
    expect(formatAmount(100, 'JPY')).toBe('100');
    expect(formatAmount(1234, 'KWD')).toBe('1.234');
    expect(formatAmount(900719925474099, 'EUR')).toBe('9007199254740.99');
    expect(() => formatAmount(1.5, 'TRY')).toThrow(RangeError);
    expect(() => formatAmount(1, 'XXQ')).toThrow(RangeError);
  });

  test('amount text parses back to minor units; more decimals than the currency has is refused', () => {
    expect(parseAmountText('100.25', 'TRY')).toBe(10025);
    expect(parseAmountText('1.5', 'TRY')).toBe(150);
    expect(parseAmountText('7', 'TRY')).toBe(700);
    expect(parseAmountText('1.001', 'TRY')).toBeUndefined();
    expect(parseAmountText('-1.00', 'TRY')).toBeUndefined();
    expect(parseAmountText('1e3', 'TRY')).toBeUndefined();
  });

  test('ISO 4217 numeric codes', () => {
    expect(['TRY', 'USD', 'EUR'].map(currencyNumber)).toEqual(['949', '840', '978']);
    expect(currencyFromNumber('949')).toBe('TRY');
    expect(currencyFromNumber('abc')).toBeUndefined();
    expect(() => currencyNumber('try')).toThrow(RangeError);
  });
});

describe('form posts', () => {
  test('a UTF-8 form round-trips, + and %-escapes included', () => {
    const fields = { merchantName: 'Kasa Mağaza | 1 \\ 2', xid: 'N1An1iS5iN4u/1VWS6CgzSGRtN0=', empty: '' };
    expect(parseForm(encodeForm(fields))).toEqual({ fields, charset: 'utf-8' });
  });

  test('a Latin-5 post named by its encoding field decodes its Turkish letters', () => {
    const body = Buffer.from(encodeForm({ firmaadi: 'Şükrü Işık', encoding: 'ISO-8859-9' }, 'iso-8859-9'), 'latin1');
    expect(body.toString('latin1')).toContain('%DE%FCkr%FC');
    expect(parseForm(body)).toEqual({ fields: { firmaadi: 'Şükrü Işık', encoding: 'ISO-8859-9' }, charset: 'iso-8859-9' });
  });
});
