/**
 * A merchant's callback endpoint for the resilience specs: records every POST (§7 form fields and
 * whether X-Kasa-Signature verifies), answers 503 while `failing`, 204 otherwise, and counts how often
 * each eventId was accepted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signatureProblem } from '../../e2e/merchant-stub';

export interface ReceivedCallback {
  at: number;
  eventId: string;
  checkoutId: string;
  status: string;
  sequence: number;
  /** The status code the stub answered: 204 accepted, 503 refused. */
  answered: number;
  signatureProblem: string | null;
}

export interface CallbackStub {
  url: string;
  /** While true every callback is answered 503. */
  failing: boolean;
  received: ReceivedCallback[];
  /** eventId → how many times it was accepted (2xx). */
  accepted(): Map<string, number>;
  close(): Promise<void>;
}

export async function startCallbackStub(options: { callbackSecrets: string[]; failing?: boolean }): Promise<CallbackStub> {
  const received: ReceivedCallback[] = [];
  const stub = {
    url: '',
    failing: options.failing ?? false,
    received,
    accepted() {
      const counts = new Map<string, number>();
      for (const callback of received) if (callback.answered < 300) counts.set(callback.eventId, (counts.get(callback.eventId) ?? 0) + 1);
      return counts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => { resolve(); })),
  } satisfies CallbackStub;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const fields = new URLSearchParams(body);
      const header = String(request.headers['x-kasa-signature'] ?? '');
      const problems = options.callbackSecrets.map((secret) => signatureProblem(header, body, secret));
      const answered = stub.failing ? 503 : 204;
      received.push({
        at: Date.now(),
        eventId: fields.get('eventId') ?? '',
        checkoutId: fields.get('checkoutId') ?? '',
        status: fields.get('status') ?? '',
        sequence: Number(fields.get('sequence')),
        answered,
        signatureProblem: problems.includes(null) ? null : (problems[0] ?? 'no secret to check with'),
      });
      response.writeHead(answered).end();
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kasa/callback`;
  return stub;
}

/** eventIds accepted more than once, with their counts. */
export function duplicates(stub: CallbackStub): [string, number][] {
  return [...stub.accepted()].filter(([, count]) => count > 1);
}
