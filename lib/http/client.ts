import { headers } from 'next/headers';

/** The client of the current server action or page request, as scripts/server.mjs resolved it. */
export async function currentClient(): Promise<{ ip: string; port: number }> {
  const incoming = await headers();
  const port = Number(incoming.get('x-kasa-client-port'));
  return {
    ip: incoming.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown',
    port: Number.isInteger(port) && port >= 1 && port <= 65535 ? port : 443,
  };
}
