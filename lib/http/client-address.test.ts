import { describe, expect, test } from 'vitest';
import { resolveClientAddress } from './client-address';

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
