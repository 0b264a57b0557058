import { describe, expect, test, vi } from 'vitest';

// No network here: names resolve from this table only (literals never reach the resolver).
const table: Partial<Record<string, { address: string; family: number }[]>> = {
  'localhost': [{ address: '127.0.0.1', family: 4 }],
  'loopback.example': [{ address: '127.0.0.1', family: 4 }],
  'mixed.example': [
    { address: '93.184.216.34', family: 4 },
    { address: '10.1.2.3', family: 4 },
  ],
  'mapped.example': [{ address: '::ffff:169.254.169.254', family: 6 }],
  'public.example': [
    { address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 },
    { address: '93.184.216.34', family: 4 },
  ],
};
const lookup = vi.fn((host: string) => {
  const entry = table[host];
  if (!entry) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }));
  return Promise.resolve(entry);
});
vi.mock('node:dns/promises', () => ({ lookup: (host: string) => lookup(host), default: { lookup: (host: string) => lookup(host) } }));

const { isPublicAddress, resolvePublicAddress } = await import('./public-address');

describe('isPublicAddress', () => {
  test.each([
    '127.0.0.1', '127.255.0.9', '0.0.0.0', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1',
    '224.0.0.1', '255.255.255.255', '240.0.0.1', '192.0.2.10', '198.18.0.1',
    '::', '::1', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', 'fec0::1', '2001:db8::1', '64:ff9b::7f00:1',
    '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:7f00:1', '::7f00:1', '2002:7f00:1::1', '100::1',
    '0x7f000001', '2130706433', '017700000001', 'localhost', '',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  test.each(['93.184.216.34', '8.8.8.8', '1.1.1.1', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('resolvePublicAddress (the SSRF guard of live mode)', () => {
  test.each([
    'http://127.0.0.1/',
    'http://[::1]/',
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[fd00::1]:8443/',
    'http://[fe80::1]/',
    'http://0.0.0.0/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://api.localhost/',
    'https://loopback.example/cb',
    'https://mixed.example/cb',
    'https://mapped.example/cb',
    'https://unknown.example/cb',
    'ftp://93.184.216.34/',
    'not a url',
  ])('%s is refused', async (url) => {
    const result = await resolvePublicAddress(url);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBeTruthy();
  });

  test('a public literal is accepted without a lookup', async () => {
    lookup.mockClear();
    expect(await resolvePublicAddress('https://93.184.216.34/callback')).toEqual({ ok: true, address: '93.184.216.34', family: 4 });
    expect(await resolvePublicAddress('https://[2606:2800:220:1:248:1893:25c8:1946]:8443/')).toEqual({
      ok: true,
      address: '2606:2800:220:1:248:1893:25c8:1946',
      family: 6,
    });
    expect(lookup).not.toHaveBeenCalled();
  });

  test('a name is accepted when every address is public, and the first address is the one to connect to', async () => {
    expect(await resolvePublicAddress('https://public.example/cb')).toEqual({ ok: true, address: '2606:2800:220:1:248:1893:25c8:1946', family: 6 });
  });

  test('a name with one internal address among public ones is refused, naming the address', async () => {
    const result = await resolvePublicAddress('https://mixed.example/cb');
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('10.1.2.3') });
  });
});

describe('isLinkLocalAddress', () => {
  test('is true for 169.254.0.0/16 and fe80::/10, IPv4-mapped too, and false for loopback and private ranges', async () => {
    const { isLinkLocalAddress } = await import('./public-address');
    for (const address of ['169.254.169.254', '169.254.0.1', 'fe80::1', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe']) expect(isLinkLocalAddress(address), address).toBe(true);
    for (const address of ['127.0.0.1', '10.0.0.5', '192.168.1.1', '::1', '93.184.215.14', 'metadata.google.internal']) expect(isLinkLocalAddress(address), address).toBe(false);
  });
});
