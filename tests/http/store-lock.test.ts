// The embedded (PGlite) store belongs to one process: a second one must refuse to open it.
import { describe, expect, test } from 'vitest';
import { api } from '../support/api';
import { expectApprovedPayment } from '../support/assertions';
import { cards } from '../support/cards';
import { backends } from '../support/context';
import { sell } from '../support/flows';
import { processTree, runMerchantCreate } from '../support/processes';
import { paymentRequest } from '../support/requests';

const pglite = backends().find((backend) => backend.name === 'pglite');

describe.runIf(pglite)('pglite', () => {
  test('merchant-create on the DATA_DIR of a running server exits non-zero naming the holder pid, and the server keeps working', async () => {
    const backend = pglite!;
    const earlier = await sell(backend);

    const result = await runMerchantCreate(backend.env, 'Intruder');
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.code, `merchant-create should have failed:\n${output}`).not.toBe(0);
    const holders = processTree(backend.pid);
    const named = [...output.matchAll(/\d+/g)].map((match) => Number(match[0])).filter((n) => holders.includes(n));
    expect(named, `the message names none of the server's pids ${holders.join(', ')}:\n${output}`).not.toEqual([]);
    expect(output, 'no merchant credentials were printed').not.toMatch(/"apiSecret"/);

    const request = paymentRequest();
    expectApprovedPayment(await api(backend).post('/api/payment', request), { request, card: cards.world, transactionType: 'SALE' });
    const fetched = await api(backend).get(`/api/payment/${earlier.paymentId}`);
    expect(fetched.status, fetched.text).toBe(200);
    expect(fetched.body).toEqual(earlier.body);
  }, 120_000);
});
