import { describe, expect, it } from 'vitest';
import { deliveryFailureCategory } from './delivery-failure';

describe('deliveryFailureCategory', () => {
  it('names a category, never the address or port of the raw error', () => {
    const cases: [string, string][] = [
      ['ECONNREFUSED: connect ECONNREFUSED 10.0.0.5:8080', 'Connection refused'],
      ['timed out after 10000 ms', 'Timed out'],
      ['refused: 169.254.169.254 is a link-local address', 'Refused: the URL is not allowed'],
      ['live mode delivers to https callback URLs only', 'Refused: the URL is not allowed'],
      ['DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate', 'TLS error'],
      ['ERR_SSL_WRONG_VERSION_NUMBER: wrong version number', 'TLS error'],
      ['ENOTFOUND: getaddrinfo ENOTFOUND hooks.internal', 'Host name not found'],
      ['ECONNRESET: read ECONNRESET', 'Connection reset'],
      ['EHOSTUNREACH: connect EHOSTUNREACH 192.168.1.9:443', 'Network error'],
    ];
    for (const [error, category] of cases) {
      const shown = deliveryFailureCategory({ statusCode: null, error });
      expect(shown, error).toBe(category);
      expect(shown).not.toMatch(/\d+\.\d+\.\d+|:\d{2,5}/);
    }
  });

  it('leaves HTTP answers to the status shown beside them', () => {
    expect(deliveryFailureCategory({ statusCode: 500, error: 'HTTP 500' })).toBeNull();
    expect(deliveryFailureCategory({ statusCode: 200, error: null })).toBeNull();
    expect(deliveryFailureCategory({ statusCode: 302, error: 'redirect not followed' })).toBe('Redirect not followed');
  });
});
