// The payment lifecycle against a model (fc.commands + fc.asyncModelRun): any sequence of sales,
// pre-authorizations, captures of any amount, 3-D Secure enrollments, issuer page answers, completions
// and their replays, hosted checkouts and their attempts answers what the model of §5–§7 expects, and
// leaves the invariants in place: captured ≤ authorized, one authorization per payment, at most one
// success per checkout, the §6 money. The model and the commands are in support/lifecycle-model.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, test } from 'vitest';
import { uniqueClientIp } from '../support/api';
import { serverActionId } from '../support/checkout-action';
import { forEachBackend } from '../support/context';
import { checkModel, COMMANDS_REPLAY_PATH, MODELS, modelTimeoutMs, type ModelName } from './support/budget';
import { dedicatedMerchant } from './support/client';
import { describeOutcomes, lifecycleCommands, newRun, verifyRun, type LifecycleContext } from './support/lifecycle-model';

const NAME: ModelName = 'lifecycle model: sales, pre-authorizations, captures, cancels, refunds, 3-D Secure and checkout attempts keep the §5/§6/§10 rules';

/** The merchant's callback endpoint for the checkouts (§7): answers 204, so no delivery is retried. */
async function callbackStub(): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/kasa/callback`, server };
}

forEachBackend((backend) => {
  let context: LifecycleContext;
  let stub: Server | undefined;

  beforeAll(async () => {
    const callback = await callbackStub();
    stub = callback.server;
    context = {
      backend,
      // PostgreSQL: a merchant of its own; PGlite (store locked by its server): merchant A, fresh orderIds.
      merchant: await dedicatedMerchant(backend, 'lifecycle', backend.merchants.a),
      clientIp: uniqueClientIp(),
      callbackUrl: callback.url,
      startPaymentAction: serverActionId('startPayment'),
      executed: 0,
      outcomes: {},
    };
  }, 120_000);

  afterAll(async () => {
    await new Promise((resolve) => {
      if (stub) stub.close(resolve);
      else resolve(undefined);
    });
  });

  test(
    NAME,
    async () => {
      try {
        await checkModel(
          NAME,
          backend,
          fc.asyncProperty(lifecycleCommands(MODELS[NAME].maxCommands, COMMANDS_REPLAY_PATH), async (commands) => {
            const run = newRun(context);
            await fc.asyncModelRun(() => run, commands);
            await verifyRun(run.model, run.real);
          }),
          () => context.executed,
        );
      } finally {
        process.stderr.write(`[fuzz] ${backend.name} · lifecycle model reached: ${describeOutcomes(context.outcomes)}\n`);
      }
    },
    modelTimeoutMs(NAME),
  );
});
