import { describe, expect, test } from 'vitest';
import { limitKeyOf, resolveClientAddress } from './addresses';

describe('resolveClientAddress', () => {
  test('without trusted proxies the socket peer is the client, whatever X-Forwarded-For claims', () => {
    expect(resolveClientAddress('198.51.100.4', '203.0.113.9', [])).toBe('198.51.100.4');
  });

  test('behind a trusted proxy the right-most untrusted hop is the client', () => {
    expect(resolveClientAddress('10.0.0.2', '1.2.3.4, 203.0.113.9, 10.0.0.3', ['10.0.0.0/8'])).toBe('203.0.113.9');
  });

  test('an IPv4-mapped IPv6 peer matches its IPv4 proxy entry', () => {
    expect(resolveClientAddress('::ffff:127.0.0.1', '203.0.113.9', ['127.0.0.1'])).toBe('203.0.113.9');
  });

  test('a trusted proxy sending no X-Forwarded-For is itself the client', () => {
    expect(resolveClientAddress('127.0.0.1', undefined, ['127.0.0.1'])).toBe('127.0.0.1');
  });
});

describe('limitKeyOf', () => {
  test('IPv4 is its own key; an IPv4-mapped IPv6 address is the IPv4 one', () => {
    expect(limitKeyOf('203.0.113.9')).toBe('203.0.113.9');
    expect(limitKeyOf('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  test('every address of one IPv6 /64 shares a key; the next /64 has another', () => {
    expect(limitKeyOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(limitKeyOf('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(limitKeyOf('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });

  test('what is not an address is its own key', () => {
    expect(limitKeyOf('unknown')).toBe('unknown');
  });
});
