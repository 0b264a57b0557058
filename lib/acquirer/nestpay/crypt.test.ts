import { describe, expect, test } from 'vitest';
import { omit } from '../../../tests/support/omit';
import { compareFieldNames, ver3Hash, ver3HashInput, verifyVer3Hash } from './crypt';

/*
 * Vectors: the published expected values of the open-source mewebstudio/pos library's EstV3PosCrypt
 * tests (tests/Unit/Crypt/EstV3PosCryptTest.php) and its EstV3PosRequestDataMapperTest 3-D form data
 * (store key 123456). Facts used as expected values; none of its code.
 */
const storeKey = '123456';

/** The fields every vector's form shares. */
const order = {
  clientid: '190100000',
  amount: '100.25',
  oid: 'order222',
  okUrl: 'https://domain.com/success',
  failUrl: 'https://domain.com/fail_url',
  lang: 'tr',
  taksit: '',
  hashAlgorithm: 'ver3',
};

const gateForm = { ...order, storetype: '3d', rnd: 'rand-21212', currency: '949', TranType: 'Auth' };

/** A Ziraat 3d_pay return post, as the bank sent it (with its own HASH). */
const bankReturn: Record<string, string | null> = {
  ReturnOid: '202210308C0F',
  TRANID: null,
  hashAlgorithm: 'ver3',
  PAResSyntaxOK: 'true',
  firmaadi: 'John Doe',
  islemtipi: 'Auth',
  lang: 'tr',
  merchantID: '190200000',
  maskedCreditCard: '4355 08** **** 4358',
  amount: '1.01',
  sID: '1',
  ACQBIN: '454672',
  Ecom_Payment_Card_ExpDate_Year: '26',
  EXTRA_CARDBRAND: 'VISA',
  Email: 'mail@customer.com',
  MaskedPan: '435508***4358',
  acqStan: '184784',
  merchantName: 'Ziraat 3D_Pay',
  clientIp: '89.244.149.137',
  EXTRA_KAZANILANPUAN: '000000010.00',
  okUrl: 'http://localhost/akbank/3d-pay/response.php',
  md: '435508:51104213993AC8DFE8839C7F7E391B461115D09A1D88948C8ACE421D7D7EAA5A:3545:##190200000',
  ProcReturnCode: '00',
  payResults_dsId: '1',
  taksit: null,
  TransId: '22303RqiC11252',
  EXTRA_TRXDATE: '20221030 17:42:33',
  Ecom_Payment_Card_ExpDate_Month: '12',
  storetype: '3d_pay',
  Response: 'Approved',
  SettleId: '2383',
  mdErrorMsg:
    'Y-status/Challenge authentication via ACS: https://3ds-acs.test.modirum.com/mdpayacs/creq?token=214711321.1667140951.Ud_jQl3B2l1',
  ErrMsg: null,
  PAResVerified: 'true',
  cavv: 'ABABBCgghAAAAABllJMDdZdTdic=',
  digest: 'digest',
  HostRefNum: '230317184784',
  callbackCall: 'true',
  AuthCode: '216981',
  failUrl: 'http://localhost/akbank/3d-pay/response.php',
  xid: 'N1An1iS5iN4u/1VWS6CgzSGRtN0=',
  encoding: 'ISO-8859-9',
  currency: '949',
  oid: '202210308C0F',
  mdStatus: '1',
  dsId: '1',
  eci: '05',
  version: '2.0',
  EXTRA_CARDISSUER: 'AKBANK T.A.S.',
  clientid: '190200000',
  txstatus: 'Y',
  HASH: 'jVgcwtx4vxxAcX8+ajsrrzp77k9uaGu1pjDQfCpoUG95y2MwwGipc6cF3kESiTphjV8/1ESSc6zg9KyTSxUnzA==',
  rnd: 'J/jGATA5LLVaMfpU+Yyu',
};

describe('ver3 hash of the 3-D gate form (published vectors)', () => {
  const vectors: [string, Record<string, string | number>, string][] = [
    [
      '3d_pay form with islemtipi, firmaadi and Email',
      { ...order, storetype: '3d_pay', rnd: 'rand', currency: '949', islemtipi: 'Auth', firmaadi: 'siparis veren', Email: 'test@test.com' },
      '/uPxhEKWCEGi3NsDOOQ4u8Hu5g71v5GWspOid70WehTWEz97PqxG3IN1Jv5jsbOXOw3Z3Rr/0UtywzEgbqFfdA==',
    ],
    [
      '3d form with numbers as values (rnd 12345, currency 949)',
      { ...order, storetype: '3d', rnd: 12345, currency: 949, islemtipi: 'Auth' },
      '4aUsG5hqlIFLc9s8PKc5rWb2OLhmxDDewNgKa2XrwoYCIxlyVq8Fjl4IVaZzoqL983CfTseicmnTA0PjZr74xg==',
    ],
    ['3d form with TranType', gateForm, '7tt3i3SMhzR3jYjCMwNrolSn7ksY7eKz2kVsqt/nUGK6XNw9/dMMZPVqHK9pQROGEIW3PJWut6v1Xv6ZDtnuSA=='],
    [
      '3d form with the card fields (pan, cv2, Ecom_Payment_Card_ExpDate_*, cardType)',
      { ...gateForm, cardType: '1', pan: '5555444433332222', Ecom_Payment_Card_ExpDate_Month: '01', Ecom_Payment_Card_ExpDate_Year: '22', cv2: '123' },
      '3fvBzh0HT3UiKUTXis0Ke2NG3mAp9eBOwx26bstv+l6L946GrOF2JklXfqTNc6VBeqUSkuLxo4ErtwCWuPCzYw==',
    ],
    ['3d_host form', { ...gateForm, storetype: '3d_host' }, 'wlqP71Pwu5+zaCYCGxWpbqf1cAsbou5p5PDAds4YcejFO5AVTw0PjnzNiFnYX900ZL38rQw8Jt/YhMmZ5bJ/qA=='],
  ];

  test.each(vectors)('%s', (_name, fields, expected) => {
    expect(ver3Hash(fields, storeKey)).toBe(expected);
  });

  test('the hash field itself and encoding are left out, in any case', () => {
    const plain = ver3Hash(gateForm, storeKey);
    expect(ver3Hash({ ...gateForm, hash: 'x', HASH: 'y', encoding: 'UTF-8', Encoding: 'x' }, storeKey)).toBe(plain);
  });
});

describe('ver3 check of the bank\'s 3-D return post', () => {
  test('the bank\'s own HASH verifies', () => {
    expect(verifyVer3Hash(bankReturn, storeKey)).toBe(true);
  });

  test('a changed field fails (mdStatus emptied, amount raised)', () => {
    expect(verifyVer3Hash({ ...bankReturn, mdStatus: '' }, storeKey)).toBe(false);
    expect(verifyVer3Hash({ ...bankReturn, amount: '101.00' }, storeKey)).toBe(false);
  });

  test('an added field fails', () => {
    expect(verifyVer3Hash({ ...bankReturn, extra: '1' }, storeKey)).toBe(false);
  });

  test('a missing, empty or malformed HASH fails', () => {
    const withoutHash = omit(bankReturn, 'HASH');
    expect(verifyVer3Hash(withoutHash, storeKey)).toBe(false);
    expect(verifyVer3Hash({ ...bankReturn, HASH: '' }, storeKey)).toBe(false);
    expect(verifyVer3Hash({ ...bankReturn, HASH: 'not base64' }, storeKey)).toBe(false);
    expect(verifyVer3Hash({ ...bankReturn, HASH: bankReturn.HASH!.slice(0, 40) }, storeKey)).toBe(false);
  });

  test('another store key fails', () => {
    expect(verifyVer3Hash(bankReturn, '123457')).toBe(false);
  });
});

describe('field order and escaping', () => {
  test('names sort case-insensitively, letters folded to upper case, digits as numbers', () => {
    const names = ['rnd', 'Amount', 'amount2', 'amount10', 'Ecom_Payment_Card_ExpDate_Year', 'Email', 'EXTRA_X', 'clientid'];
    expect([...names].sort(compareFieldNames)).toEqual([
      'Amount',
      'amount2',
      'amount10',
      'clientid',
      'Ecom_Payment_Card_ExpDate_Year',
      'Email',
      'EXTRA_X',
      'rnd',
    ]);
    // Upper-case folding puts '_' (0x5F) after the letters, as strnatcasecmp does.
    expect(compareFieldNames('a_b', 'aZb')).toBeGreaterThan(0);
  });

  test('| and \\ in values and in the store key are escaped', () => {
    expect(ver3HashInput({ b: 'x|y', a: 'c\\d' }, 'k|\\')).toBe('c\\\\d|x\\|y|k\\|\\\\');
  });

  test('an ISO-8859-9 post is hashed over its Latin-5 bytes', () => {
    const fields = { merchantName: 'İşbank Ğ', oid: '1' };
    expect(ver3Hash(fields, storeKey, 'iso-8859-9')).not.toBe(ver3Hash(fields, storeKey, 'utf-8'));
    expect(ver3Hash({ oid: '1' }, storeKey, 'iso-8859-9')).toBe(ver3Hash({ oid: '1' }, storeKey, 'utf-8'));
  });
});
