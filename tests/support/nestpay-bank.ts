/**
 * A local NestPay (EST) bank for tests, on 127.0.0.1, following the published protocol: the XML API
 * (CC5Request → CC5Response: Auth, PreAuth, PostAuth, Void, Credit, ORDERSTATUS) and the "3D" model's
 * gate (/fim/est3Dgate: ver3 hash checked, a challenge page with a code, an auto-post back to okUrl or
 * failUrl with mdStatus, md, xid, eci, cavv and a ver3 HASH). It checks credentials, every required
 * field and its format, keeps orders in memory, and can be told to time out, drop the connection or
 * answer malformed XML. Outcomes by test card, as the sandbox bank's (reference §8).
 */
import { randomBytes, randomInt } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import XMLBuilder from 'fast-xml-builder';
import { omit } from './omit';
import { validatePan } from '../../lib/cards/brands';
import { autoPostForm, html, toMarkup } from '../../lib/html';
import { encodeText } from '../../lib/acquirer/nestpay/charset';
import { ver3Hash, verifyVer3Hash } from '../../lib/acquirer/nestpay/crypt';
import type { NestPayAccount } from '../../lib/acquirer/nestpay/request-mapper';
import { currencyFromNumber, formatAmount, parseAmountText, parseCC5Request, parseForm } from '../../lib/acquirer/nestpay/serializer';

/** The code the challenge page shows and expects. */
export const NESTPAY_CHALLENGE_CODE = '123456';

/** Card → ProcReturnCode and Response of an authorization. */
export const nestPayCardOutcomes: Partial<Record<string, { code: string; response: 'Declined' | 'Error'; message: string }>> = {
  '4000000000000002': { code: '05', response: 'Declined', message: 'Do not honour' },
  '4000000000009995': { code: '51', response: 'Declined', message: 'Insufficient funds' },
  '4000000000000069': { code: '54', response: 'Declined', message: 'Expired card' },
  '4000000000000127': { code: '82', response: 'Declined', message: 'Invalid CVV' },
  '4000000000009979': { code: '43', response: 'Declined', message: 'Stolen card, pick up' },
  '4000000000000119': { code: '99', response: 'Error', message: 'Issuer unavailable' },
};

/** Cards the gate treats as not enrolled: an attempt (mdStatus 4) without a challenge. */
export const nestPayNotEnrolledCards = new Set(['4000000000003055']);

export type Misbehaviour = 'timeout' | 'drop' | 'malformed' | 'http500';

export interface BankOrder {
  orderId: string;
  type: 'Auth' | 'PreAuth';
  currency: string;
  amountMinor: number;
  capturedMinor: number;
  creditedMinor: number;
  state: 'A' | 'C' | 'V' | 'D';
  transId: string;
  authCode: string;
  hostRefNum: string;
  maskedPan: string;
  installments: string;
  /** Present when the authorization came after a 3-D challenge. */
  threeD?: { eci: string; cavv: string; xid: string };
}

/** What a test may read of a request the bank received: no card number, no CVV, no password. */
export interface ReceivedRequest {
  type: string;
  fields: Record<string, string | Record<string, string>>;
}

export interface NestPayBank {
  url: string;
  account: NestPayAccount;
  orders: Map<string, BankOrder>;
  received: ReceivedRequest[];
  /** The next `count` API calls misbehave; with `process` (default true) the bank does the work first. */
  misbehave(mode: Misbehaviour, options?: { count?: number; process?: boolean }): void;
  close(): Promise<void>;
}

interface GateSession {
  token: string;
  fields: Record<string, string>;
  pan: string;
  expiryMonth: string;
  expiryYear: string;
}

interface IssuedMd {
  orderId: string;
  pan: string;
  amount: string;
  currency: string;
  xid: string;
  eci: string;
  cavv: string;
  used: boolean;
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false });
const digits = (length: number) => Array.from({ length }, () => randomInt(10)).join('');
const mask = (pan: string) => `${pan.slice(0, 4)} ${pan.slice(4, 6)}** **** ${pan.slice(-4)}`;

function readBody(request: http.IncomingMessage, limit = 64 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) reject(new Error('too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => { resolve(Buffer.concat(chunks)); });
    request.on('error', reject);
  });
}

export async function startNestPayBank(
  credentials: Partial<Pick<NestPayAccount, 'clientId' | 'apiUser' | 'apiPassword' | 'storeKey'>> = {},
): Promise<NestPayBank> {
  const clientId = credentials.clientId ?? '190100000';
  const apiUser = credentials.apiUser ?? 'KASAAPI';
  const apiPassword = credentials.apiPassword ?? `Pw${randomBytes(6).toString('hex')}`;
  const storeKey = credentials.storeKey ?? `SK|\\${randomBytes(6).toString('hex')}`;
  const orders = new Map<string, BankOrder>();
  const received: ReceivedRequest[] = [];
  const sessions = new Map<string, GateSession>();
  const issued = new Map<string, IssuedMd>();
  const sockets = new Set<Socket>();
  let misbehaviours: { mode: Misbehaviour; process: boolean }[] = [];

  type Answer = Record<string, string | Record<string, string>>;
  const answer = (fields: {
    OrderId?: string;
    Response: 'Approved' | 'Declined' | 'Error';
    ProcReturnCode: string;
    ErrMsg?: string;
    AuthCode?: string;
    HostRefNum?: string;
    TransId?: string;
    Extra?: Record<string, string>;
  }): Answer => ({
    OrderId: fields.OrderId ?? '',
    GroupId: fields.OrderId ?? '',
    Response: fields.Response,
    AuthCode: fields.AuthCode ?? '',
    HostRefNum: fields.HostRefNum ?? '',
    ProcReturnCode: fields.ProcReturnCode,
    TransId: fields.TransId ?? '',
    ErrMsg: fields.ErrMsg ?? '',
    Extra: {
      SETTLEID: '',
      TRXDATE: new Date().toISOString().replace(/[-:]/g, '').replace('T', ' ').slice(0, 17),
      ERRORCODE: fields.Response === 'Approved' ? '' : (fields.Extra?.ERRORCODE ?? ''),
      NUMCODE: fields.Response === 'Approved' ? '00' : `99${fields.ProcReturnCode}`,
      ...fields.Extra,
    },
  });
  const error = (orderId: string, errorCode: string, message: string) =>
    answer({ OrderId: orderId, Response: 'Error', ProcReturnCode: '99', ErrMsg: message, TransId: newTransId(), Extra: { ERRORCODE: errorCode } });
  const newTransId = () => `${digits(5)}${randomBytes(4).toString('hex').toUpperCase()}${digits(5)}`;

  function amountOf(text: string | undefined, currency: string): number | undefined {
    if (text === undefined || !/^\d+\.\d{2}$/.test(text)) return undefined;
    return parseAmountText(text, currency);
  }

  function handleApi(fields: Record<string, string | Record<string, string>>): Answer {
    const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name]) : undefined);
    const extra = typeof fields.Extra === 'object' ? (fields.Extra) : {};
    const orderId = text('OrderId') ?? '';
    const type = text('Type');
    const safe = omit(fields, 'Number', 'Cvv2Val', 'Password');
    received.push({ type: type ?? (extra.ORDERSTATUS ? 'ORDERSTATUS' : ''), fields: safe });

    if (text('Name') !== apiUser || text('Password') !== apiPassword || text('ClientId') !== clientId) {
      return error(orderId, 'CORE-2002', 'Invalid user name, password or client id');
    }
    if (extra.ORDERSTATUS === 'QUERY') return orderStatus(orderId);
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(orderId)) return error(orderId, 'CORE-2010', 'OrderId is missing or not valid');
    switch (type) {
      case 'Auth':
      case 'PreAuth':
        return authorize(type, orderId, text);
      case 'PostAuth':
        return postAuth(orderId, text);
      case 'Void':
        return voidOrder(orderId);
      case 'Credit':
        return credit(orderId, text);
      default:
        return error(orderId, 'CORE-2001', 'Type is missing or not valid');
    }
  }

  function authorize(type: 'Auth' | 'PreAuth', orderId: string, text: (name: string) => string | undefined): Answer {
    const currency = currencyFromNumber(text('Currency') ?? '');
    if (!currency || !['949', '840', '978'].includes(text('Currency')!)) return error(orderId, 'CORE-2005', 'Currency is not valid');
    const amountMinor = amountOf(text('Total'), currency);
    if (amountMinor === undefined || amountMinor <= 0) return error(orderId, 'CORE-2006', 'Total is not valid');
    const taksit = text('Taksit') ?? '';
    if (!/^$|^([2-9]|1[0-2])$/.test(taksit)) return error(orderId, 'CORE-2007', 'Taksit is not valid');
    if (text('Mode') !== undefined && !['P', 'T'].includes(text('Mode')!)) return error(orderId, 'CORE-2009', 'Mode is not valid');
    const existing = orders.get(orderId);
    if (existing && existing.state !== 'D') return error(orderId, 'CORE-2008', 'The order id was used before');

    const number = text('Number') ?? '';
    let pan: string;
    let threeD: BankOrder['threeD'];
    const md = issued.get(number);
    if (md) {
      if (md.used || md.orderId !== orderId) return error(orderId, 'MPI-3001', 'The 3-D Secure data does not belong to this order');
      if (text('PayerTxnId') !== md.xid || text('PayerSecurityLevel') !== md.eci || text('PayerAuthenticationCode') !== md.cavv) {
        return error(orderId, 'MPI-3002', 'PayerTxnId, PayerSecurityLevel or PayerAuthenticationCode does not match');
      }
      if (formatAmount(amountMinor, currency) !== md.amount || text('Currency') !== md.currency) {
        return error(orderId, 'MPI-3003', 'Total or Currency differs from the 3-D Secure authentication');
      }
      md.used = true;
      pan = md.pan;
      threeD = { eci: md.eci, cavv: md.cavv, xid: md.xid };
    } else {
      if (!validatePan(number).ok) return error(orderId, 'CORE-2012', 'Card number is not valid');
      const expires = /^(0[1-9]|1[0-2])\/(\d{2})$/.exec(text('Expires') ?? '');
      if (!expires) return error(orderId, 'CORE-2013', 'Expires is not MM/YY');
      if (!/^\d{3,4}$/.test(text('Cvv2Val') ?? '')) return error(orderId, 'CORE-2014', 'Cvv2Val is not valid');
      pan = number;
    }
    const outcome = nestPayCardOutcomes[pan];
    const transId = newTransId();
    const order: BankOrder = {
      orderId,
      type,
      currency,
      amountMinor,
      capturedMinor: type === 'Auth' ? amountMinor : 0,
      creditedMinor: 0,
      state: outcome ? 'D' : 'A',
      transId,
      authCode: outcome ? '' : `P${digits(5)}`,
      hostRefNum: digits(12),
      maskedPan: mask(pan),
      installments: taksit,
      threeD,
    };
    orders.set(orderId, order);
    if (outcome) {
      return answer({ OrderId: orderId, Response: outcome.response, ProcReturnCode: outcome.code, ErrMsg: outcome.message, TransId: transId, HostRefNum: order.hostRefNum });
    }
    return answer({ OrderId: orderId, Response: 'Approved', ProcReturnCode: '00', AuthCode: order.authCode, HostRefNum: order.hostRefNum, TransId: transId });
  }

  function approvedFor(order: BankOrder): Answer {
    return answer({ OrderId: order.orderId, Response: 'Approved', ProcReturnCode: '00', AuthCode: order.authCode, HostRefNum: digits(12), TransId: newTransId() });
  }

  function postAuth(orderId: string, text: (name: string) => string | undefined): Answer {
    const order = orders.get(orderId);
    if (!order || order.state === 'D') return error(orderId, 'CORE-2101', 'No pre-authorization for this order');
    if (order.type !== 'PreAuth') return error(orderId, 'CORE-2102', 'The order is not a pre-authorization');
    if (order.state !== 'A' || order.capturedMinor > 0) return error(orderId, 'CORE-2103', 'The pre-authorization was closed or voided');
    let amountMinor = order.amountMinor;
    if (text('Total') !== undefined) {
      if (text('Currency') !== undefined && currencyFromNumber(text('Currency')!) !== order.currency) return error(orderId, 'CORE-2005', 'Currency differs from the order');
      const parsed = amountOf(text('Total'), order.currency);
      if (parsed === undefined || parsed <= 0) return error(orderId, 'CORE-2006', 'Total is not valid');
      if (parsed > order.amountMinor) return error(orderId, 'CORE-2104', 'PostAuth amount exceeds the pre-authorization');
      amountMinor = parsed;
    }
    order.capturedMinor = amountMinor;
    order.state = 'C';
    return approvedFor(order);
  }

  function voidOrder(orderId: string): Answer {
    const order = orders.get(orderId);
    if (!order || order.state === 'D') return error(orderId, 'CORE-2201', 'No transaction to void for this order');
    if (order.state === 'V') return error(orderId, 'CORE-2202', 'The order is already voided');
    if (order.creditedMinor > 0) return error(orderId, 'CORE-2203', 'The order has credits: it cannot be voided');
    order.state = 'V';
    return approvedFor(order);
  }

  function credit(orderId: string, text: (name: string) => string | undefined): Answer {
    const order = orders.get(orderId);
    if (!order || order.state === 'D' || order.state === 'V') return error(orderId, 'CORE-2301', 'No captured transaction to credit for this order');
    if (order.capturedMinor === 0) return error(orderId, 'CORE-2302', 'Nothing was captured on this order');
    if (currencyFromNumber(text('Currency') ?? '') !== order.currency) return error(orderId, 'CORE-2005', 'Currency differs from the order');
    const remaining = order.capturedMinor - order.creditedMinor;
    let amountMinor = remaining;
    if (text('Total') !== undefined) {
      const parsed = amountOf(text('Total'), order.currency);
      if (parsed === undefined || parsed <= 0) return error(orderId, 'CORE-2006', 'Total is not valid');
      amountMinor = parsed;
    }
    if (amountMinor > remaining || remaining === 0) return error(orderId, 'CORE-2303', 'Credit amount exceeds the amount that can be credited');
    order.creditedMinor += amountMinor;
    return approvedFor(order);
  }

  function orderStatus(orderId: string): Answer {
    const order = orders.get(orderId);
    if (!order) {
      return answer({ Response: 'Declined', ProcReturnCode: '99', ErrMsg: `No record found for ${orderId}`, Extra: { NUMCODE: '0' } });
    }
    const status: Record<string, string> = {
      ORD_ID: order.orderId,
      CHARGE_TYPE_CD: 'S',
      ORIG_TRANS_AMT: String(order.amountMinor),
      CAPTURE_AMT: order.state === 'C' ? String(order.capturedMinor) : '',
      TRANS_STAT: order.state,
      AUTH_DTTM: new Date().toISOString().replace('T', ' ').slice(0, 23),
      CAPTURE_DTTM: '',
      AUTH_CODE: order.authCode,
      TRANS_ID: order.transId,
    };
    return answer({
      OrderId: order.orderId,
      Response: 'Approved',
      ProcReturnCode: '00',
      ErrMsg: `Record(s) found for ${order.orderId}`,
      TransId: order.transId,
      Extra: {
        ...status,
        ORDERSTATUS: Object.entries(status).map(([name, value]) => `${name}:${value}`).join('\t'),
        HOST_REF_NUM: order.hostRefNum,
        PAN: order.maskedPan,
        PROC_RET_CD: order.state === 'D' ? '05' : '00',
        NUMCODE: '0',
      },
    });
  }

  // ---- 3-D gate -----------------------------------------------------------------------------------

  const gateRequired = ['clientid', 'storetype', 'amount', 'oid', 'okUrl', 'failUrl', 'rnd', 'hashAlgorithm', 'currency', 'pan', 'Ecom_Payment_Card_ExpDate_Month', 'Ecom_Payment_Card_ExpDate_Year', 'cv2', 'hash'];

  function gatePage(title: string, body: ReturnType<typeof html>, status = 200) {
    return { status, html: toMarkup(html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`) };
  }

  function gate(fields: Record<string, string>): { status: number; html: string } {
    const missing = gateRequired.filter((name) => !fields[name]);
    if (missing.length > 0) return gatePage('3-D gate error', html`<p id="error">Missing fields: ${missing.join(', ')}</p>`, 400);
    if (fields.clientid !== clientId) return gatePage('3-D gate error', html`<p id="error">Unknown client id</p>`, 400);
    if (fields.hashAlgorithm !== 'ver3' || !verifyVer3Hash(fields, storeKey)) {
      return gatePage('3-D gate error', html`<p id="error">Hash value mismatch</p>`, 400);
    }
    // The posted form: a field it left out is undefined, whatever the Record type says.
    const given: Partial<Record<string, string>> = fields;
    const tranType = given.TranType ?? given.islemtipi;
    const currency = currencyFromNumber(fields.currency);
    const problems = [
      fields.storetype !== '3d' && 'storetype',
      !['Auth', 'PreAuth'].includes(tranType ?? '') && 'TranType',
      (!currency || amountOf(fields.amount, currency) === undefined) && 'amount',
      !['949', '840', '978'].includes(fields.currency) && 'currency',
      !/^$|^([2-9]|1[0-2])$/.test(given.taksit ?? '') && 'taksit',
      !validatePan(fields.pan).ok && 'pan',
      !/^(0[1-9]|1[0-2])$/.test(fields.Ecom_Payment_Card_ExpDate_Month) && 'Ecom_Payment_Card_ExpDate_Month',
      !/^\d{2}$/.test(fields.Ecom_Payment_Card_ExpDate_Year) && 'Ecom_Payment_Card_ExpDate_Year',
      !/^\d{3,4}$/.test(fields.cv2) && 'cv2',
      !/^https?:\/\//.test(fields.okUrl) && 'okUrl',
      !/^https?:\/\//.test(fields.failUrl) && 'failUrl',
    ].filter(Boolean);
    if (problems.length > 0) return gatePage('3-D gate error', html`<p id="error">Invalid fields: ${problems.join(', ')}</p>`, 400);

    const session: GateSession = {
      token: randomBytes(16).toString('hex'),
      fields,
      pan: fields.pan,
      expiryMonth: fields.Ecom_Payment_Card_ExpDate_Month,
      expiryYear: fields.Ecom_Payment_Card_ExpDate_Year,
    };
    if (nestPayNotEnrolledCards.has(session.pan)) return returnPost(session, '4');
    sessions.set(session.token, session);
    return gatePage(
      'Verify your payment',
      html`<p>Card ${mask(session.pan)}, amount ${fields.amount}.</p>
<p>Your verification code: <strong id="code">${NESTPAY_CHALLENGE_CODE}</strong></p>
<form method="post" action="/fim/est3Dgate/challenge"><input type="hidden" name="token" value="${session.token}">
<label>Code <input name="code" autocomplete="one-time-code"></label>
<button type="submit" name="action" value="verify">Verify</button><button type="submit" name="action" value="cancel">Cancel</button></form>`,
    );
  }

  function challenge(fields: Record<string, string>): { status: number; html: string } {
    const session = sessions.get((fields as Partial<Record<string, string>>).token ?? '');
    if (!session) return gatePage('3-D gate error', html`<p id="error">Unknown or used session</p>`, 400);
    sessions.delete(session.token);
    const passed = fields.action !== 'cancel' && fields.code === NESTPAY_CHALLENGE_CODE;
    return returnPost(session, passed ? '1' : '0');
  }

  /** The bank's post back to the merchant: the form's fields (no card data), the 3-D results, HASH. */
  function returnPost(session: GateSession, mdStatus: string): { status: number; html: string } {
    const echoed = omit(session.fields, 'pan', 'cv2', 'hash', 'cardType', 'Ecom_Payment_Card_ExpDate_Month', 'Ecom_Payment_Card_ExpDate_Year');
    const success = ['1', '2', '3', '4'].includes(mdStatus);
    const md = `${session.pan.slice(0, 6)}:${randomBytes(32).toString('hex').toUpperCase()}:${digits(4)}:##${clientId}`;
    const xid = randomBytes(20).toString('base64');
    const cavv = success ? randomBytes(20).toString('base64') : '';
    const eci = !success ? '' : session.pan.startsWith('4') ? (mdStatus === '1' ? '05' : '06') : mdStatus === '1' ? '02' : '01';
    if (success) {
      issued.set(md, { orderId: echoed.oid, pan: session.pan, amount: echoed.amount, currency: echoed.currency, xid, eci, cavv, used: false });
    }
    const post: Record<string, string> = {
      ...echoed,
      mdStatus,
      md,
      xid,
      eci,
      cavv,
      txstatus: mdStatus === '1' ? 'Y' : success ? 'A' : 'N',
      maskedCreditCard: mask(session.pan),
      MaskedPan: `${session.pan.slice(0, 6)}***${session.pan.slice(-4)}`,
      Ecom_Payment_Card_ExpDate_Month: session.expiryMonth,
      Ecom_Payment_Card_ExpDate_Year: session.expiryYear,
      merchantName: 'Kasa Test Mağazası | şube \\ 1',
      mdErrorMsg: success ? (mdStatus === '1' ? 'Authenticated' : 'Attempt') : 'Not authenticated',
      ErrMsg: success ? '' : 'Not authenticated',
      encoding: 'UTF-8',
    };
    post.HASH = ver3Hash(post, storeKey);
    const action = success ? echoed.okUrl : echoed.failUrl;
    return {
      status: 200,
      html: toMarkup(
        html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Returning to the shop</title></head><body>${autoPostForm({ action, fields: post, buttonLabel: 'Continue', message: 'Returning to the shop…' })}</body></html>`,
      ),
    };
  }

  // ---- HTTP ---------------------------------------------------------------------------------------

  // The handler catches everything itself; node's request listener takes no promise.
  const serve = async (request: http.IncomingMessage, response: http.ServerResponse) => {
    try {
      const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
      if (request.method !== 'POST') {
        response.writeHead(405).end();
        return;
      }
      const body = await readBody(request);
      if (path === '/fim/api') {
        const misbehaviour = misbehaviours.shift();
        let answerXml: Buffer;
        try {
          answerXml = encodeText(`<?xml version="1.0" encoding="ISO-8859-9"?>${builder.build({ CC5Response: misbehaviour && !misbehaviour.process ? {} : handleApi(parseCC5Request(body)) })}`, 'iso-8859-9');
        } catch {
          answerXml = encodeText(`<?xml version="1.0" encoding="ISO-8859-9"?>${builder.build({ CC5Response: error('', 'CORE-2000', 'The request is not a CC5Request') })}`, 'iso-8859-9');
        }
        if (misbehaviour?.mode === 'timeout') return; // never answers; close() ends the socket
        if (misbehaviour?.mode === 'drop') {
          request.socket.destroy();
          return;
        }
        if (misbehaviour?.mode === 'malformed') {
          response.writeHead(200, { 'content-type': 'text/xml; charset=ISO-8859-9' }).end('<CC5Response><Response>Appro');
          return;
        }
        if (misbehaviour?.mode === 'http500') {
          response.writeHead(500, { 'content-type': 'text/html' }).end('<html><body>Internal error</body></html>');
          return;
        }
        response.writeHead(200, { 'content-type': 'text/xml; charset=ISO-8859-9' }).end(answerXml);
        return;
      }
      if (path === '/fim/est3Dgate' || path === '/fim/est3Dgate/challenge') {
        const { fields } = parseForm(body, /charset=([^;]+)/i.exec(request.headers['content-type'] ?? '')?.[1]);
        const page = path === '/fim/est3Dgate' ? gate(fields) : challenge(fields);
        response.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8' }).end(page.html);
        return;
      }
      response.writeHead(404).end();
    } catch {
      if (!response.headersSent) response.writeHead(500).end();
    }
  };
  const server = http.createServer((request, response) => { void serve(request, response); });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    account: { apiUrl: `${url}/fim/api`, gateUrl: `${url}/fim/est3Dgate`, clientId, apiUser, apiPassword, storeKey },
    orders,
    received,
    misbehave(mode, options = {}) {
      for (let index = 0; index < (options.count ?? 1); index++) misbehaviours.push({ mode, process: options.process ?? true });
    },
    async close() {
      misbehaviours = [];
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };
}
