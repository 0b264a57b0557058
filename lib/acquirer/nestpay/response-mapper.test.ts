import { describe, expect, test } from 'vitest';
import { mapCC5Response, mapMdStatus, mapOrderStatus } from './response-mapper';
import type { CC5Response } from './serializer';

const response = (fields: Partial<CC5Response>): CC5Response => ({
  OrderId: '',
  GroupId: '',
  Response: '',
  AuthCode: '',
  HostRefNum: '',
  ProcReturnCode: '',
  TransId: '',
  ErrMsg: '',
  Extra: {},
  ...fields,
});

describe('payment answers', () => {
  test('Approved with ProcReturnCode 00 is SUCCESS with TransId as externalTransactionId', () => {
    expect(
      mapCC5Response(response({ OrderId: '202210293885', Response: 'Approved', AuthCode: 'P48911', HostRefNum: '230200671758', ProcReturnCode: '00', TransId: '22302V8rE11732' })),
    ).toEqual({
      outcome: 'APPROVED',
      resultCode: 'SUCCESS',
      resultMessage: 'Approved',
      orderId: '202210293885',
      externalTransactionId: '22302V8rE11732',
      authCode: 'P48911',
      hostRefNum: '230200671758',
      procReturnCode: '00',
    });
  });

  test.each([
    ['05', 'DO_NOT_HONOR'],
    ['12', 'DO_NOT_HONOR'],
    ['14', 'DO_NOT_HONOR'],
    ['51', 'INSUFFICIENT_FUNDS'],
    ['54', 'EXPIRED_CARD'],
    ['57', 'DO_NOT_HONOR'],
    ['62', 'DO_NOT_HONOR'],
    ['82', 'INVALID_CVV'],
    ['43', 'STOLEN_CARD'],
    ['41', 'STOLEN_CARD'],
    ['96', 'PROCESSING_ERROR'],
    ['N9', 'DO_NOT_HONOR'],
  ])('Declined %s is %s', (code, resultCode) => {
    expect(mapCC5Response(response({ Response: 'Declined', ProcReturnCode: code, TransId: 't1' }))).toMatchObject({
      outcome: 'DECLINED',
      resultCode,
      externalTransactionId: 't1',
      procReturnCode: code,
    });
  });

  test('Response Error is PROCESSING_ERROR with the platform\'s ERRORCODE and message (published sample)', () => {
    expect(
      mapCC5Response(
        response({ OrderId: '20221029B541', Response: 'Error', ProcReturnCode: '99', TransId: '22302WcCC13836', ErrMsg: 'Kredi karti numarasi gecerli formatta degil.', Extra: { ERRORCODE: 'CORE-2012', NUMCODE: '992012' } }),
      ),
    ).toEqual({
      outcome: 'ERROR',
      resultCode: 'PROCESSING_ERROR',
      resultMessage: 'Kredi karti numarasi gecerli formatta degil.',
      externalTransactionId: '22302WcCC13836',
      procReturnCode: '99',
      errorCode: 'CORE-2012',
    });
  });

  test('a card number the bank echoes in ErrMsg does not reach resultMessage', () => {
    const result = mapCC5Response(response({ Response: 'Error', ProcReturnCode: '99', ErrMsg: 'Card 4111111111111111 refused' }));
    expect(result.resultMessage).toBe('Card [number] refused');
  });

  test('Approved without ProcReturnCode 00 is never a success', () => {
    expect(mapCC5Response(response({ Response: 'Approved', ProcReturnCode: '' })).outcome).toBe('ERROR');
  });
});

describe('mdStatus', () => {
  test.each([
    ['1', 'AUTHENTICATED'],
    ['2', 'ATTEMPTED'],
    ['3', 'ATTEMPTED'],
    ['4', 'ATTEMPTED'],
    ['0', 'FAILED'],
    ['5', 'FAILED'],
    ['6', 'FAILED'],
    ['7', 'FAILED'],
    ['8', 'FAILED'],
    ['', 'FAILED'],
    ['9', 'FAILED'],
  ])('%s → %s', (mdStatus, status) => {
    expect(mapMdStatus(mdStatus)).toBe(status);
  });
  test('missing → FAILED', () => { expect(mapMdStatus(undefined)).toBe('FAILED'); });
});

describe('ORDERSTATUS answers (published samples)', () => {
  test('a found order: TRANS_STAT A, ORIG_TRANS_AMT in minor units', () => {
    const found = response({
      ErrMsg: 'Record(s) found for 20221030FAC5',
      ProcReturnCode: '00',
      Response: 'Approved',
      OrderId: '20221030FAC5',
      TransId: '22303Md4C19254',
      Extra: {
        AUTH_CODE: 'P90325',
        CAPTURE_AMT: '',
        CHARGE_TYPE_CD: 'S',
        HOST_REF_NUM: '230300671782',
        ORIG_TRANS_AMT: '101',
        PAN: '4355 08** **** 4358',
        PROC_RET_CD: '00',
        TRANS_ID: '22303Md4C19254',
        TRANS_STAT: 'A',
      },
    });
    expect(mapOrderStatus(found, '20221030FAC5')).toEqual({
      outcome: 'FOUND',
      state: 'AUTHORIZED',
      orderId: '20221030FAC5',
      externalTransactionId: '22303Md4C19254',
      authCode: 'P90325',
      hostRefNum: '230300671782',
      amountMinor: 101,
      capturedMinor: null,
    });
  });

  test('no record: ProcReturnCode 99, Declined', () => {
    expect(
      mapOrderStatus(response({ ErrMsg: 'No record found for 2022103088D22', ProcReturnCode: '99', Response: 'Declined', Extra: { NUMCODE: '0' } }), '2022103088D22'),
    ).toEqual({ outcome: 'NOT_FOUND', resultMessage: 'No record found for 2022103088D22' });
  });

  test.each([
    ['C', 'CAPTURED'],
    ['S', 'SETTLED'],
    ['V', 'VOIDED'],
    ['CNCL', 'VOIDED'],
    ['PN', 'PENDING'],
    ['D', 'FAILED'],
    ['ERR', 'FAILED'],
    ['R', 'NEEDS_REVERSAL'],
    ['??', 'UNKNOWN'],
  ])('TRANS_STAT %s → %s', (transStat, state) => {
    expect(mapOrderStatus(response({ Response: 'Approved', ProcReturnCode: '00', Extra: { TRANS_STAT: transStat } }), 'o')).toMatchObject({ state });
  });
});
