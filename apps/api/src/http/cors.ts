import type { IncomingMessage, ServerResponse } from 'node:http';

/** `CORS_ORIGINS`: origins (scheme://host[:port]) allowed to call the API from a browser, or `*`. */
export function parseCorsOrigins(value: string | undefined): string[] {
  if (!value?.trim()) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      if (entry === '*') return entry;
      let url: URL;
      try {
        url = new URL(entry);
      } catch {
        throw new TypeError(`"${entry}" is not an origin (https://host[:port])`);
      }
      if (!/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, '')) {
        throw new TypeError(`"${entry}" is not an origin (https://host[:port], no path)`);
      }
      return url.origin;
    });
}

const ALLOWED_HEADERS = 'authorization, content-type, accept';

/**
 * Answers CORS for browser clients on other origins, before authentication: a preflight
 * (OPTIONS) carries no Authorization header by design, so it must not meet the 401. Returns
 * true when the request was a preflight and has been answered. Allowed origins get their
 * Access-Control-Allow-Origin on every response, errors included, so a browser client can
 * read a 401 or 429. No cookies are involved (API keys travel in a header), so no credentials.
 */
export function handleCors(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: readonly string[],
): boolean {
  const origin = req.headers.origin;
  const permitted =
    typeof origin === 'string' && (allowed.includes('*') || allowed.includes(origin));
  if (permitted) {
    res.setHeader('access-control-allow-origin', allowed.includes('*') ? '*' : origin);
    res.setHeader('access-control-expose-headers', 'retry-after');
  }
  if (typeof origin === 'string' && !allowed.includes('*')) res.setHeader('vary', 'Origin');
  const preflight =
    req.method === 'OPTIONS' && typeof req.headers['access-control-request-method'] === 'string';
  if (!preflight) return false;
  if (!permitted) {
    res
      .writeHead(403, { 'content-type': 'application/json' })
      .end('{"error":"this origin may not call the API (CORS_ORIGINS)"}');
    return true;
  }
  res
    .writeHead(204, {
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': '600',
    })
    .end();
  return true;
}
