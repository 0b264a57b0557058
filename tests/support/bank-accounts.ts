import path from 'node:path';
import type { NestPayBank } from './nestpay-bank';
import { repoRoot, run } from './processes';

/** `npm run acquirer:add` for a merchant, with a local NestPay bank's credentials; run before the server starts (PGlite's lock). */
export async function addBankAccount(env: Record<string, string>, merchantId: string, name: string, bank: Pick<NestPayBank, 'account'>, extra: string[] = []) {
  const { account } = bank;
  const result = await run(
    path.join(repoRoot, 'node_modules/.bin/tsx'),
    [
      'scripts/acquirer-add.ts',
      `--merchant=${merchantId}`,
      '--provider=nestpay',
      `--name=${name}`,
      `--api-url=${account.apiUrl}`,
      `--gate-url=${account.gateUrl}`,
      `--client-id=${account.clientId}`,
      `--api-user=${account.apiUser}`,
      `--api-password=${account.apiPassword}`,
      `--store-key=${account.storeKey}`,
      ...extra,
      '--json',
    ],
    { env, timeoutMs: 120_000 },
  );
  if (result.code !== 0) throw new Error(`acquirer:add exited with ${result.code ?? result.signal}: ${result.stderr}`);
  // The command prints the secrets masked, never as given.
  if (result.stdout.includes(account.apiPassword) || result.stdout.includes(account.storeKey)) throw new Error('acquirer:add printed a secret');
  // The account's JSON line; pino's log lines (written asynchronously) may come before or after it.
  const line = result.stdout.trim().split('\n').find((text) => text.startsWith('{') && text.includes('"isDefault"'));
  if (!line) throw new Error(`acquirer:add printed no account: ${result.stdout}`);
  return JSON.parse(line) as { id: string; isDefault: boolean };
}
