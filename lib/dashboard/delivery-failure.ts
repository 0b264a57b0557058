/**
 * What the dashboard says about a failed callback attempt: a category, never the raw socket error
 * (which names internal addresses and ports, e.g. "connect ECONNREFUSED 10.0.0.5:8080").
 * Null for an attempt that got a 2xx, or whose HTTP status (shown beside it) says it all.
 */
export function deliveryFailureCategory(attempt: { statusCode: number | null; error: string | null }): string | null {
  const { statusCode, error } = attempt;
  if (statusCode !== null) {
    if (statusCode >= 200 && statusCode < 300) return null;
    return statusCode >= 300 && statusCode < 400 ? 'Redirect not followed' : null;
  }
  if (!error) return null;
  if (/\brefused:|not (a )?public|not allowed|only\b|not supported|not valid/i.test(error)) return 'Refused: the URL is not allowed';
  if (/timed out|ETIMEDOUT|timeout/i.test(error)) return 'Timed out';
  if (/ECONNREFUSED/.test(error)) return 'Connection refused';
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/.test(error)) return 'Host name not found';
  if (/CERT|TLS|SSL|self[- ]signed|certificate|EPROTO|ERR_SSL/i.test(error)) return 'TLS error';
  if (/ECONNRESET|socket hang up|EPIPE/.test(error)) return 'Connection reset';
  return 'Network error';
}
