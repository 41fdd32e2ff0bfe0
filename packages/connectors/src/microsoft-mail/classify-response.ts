import { ProviderError, type ProviderErrorKind } from '@tributary/core';
import { readGraphError } from './graph-error-body.ts';
import { parseRetryAfter } from './retry-after.ts';

export type FailedResponse = {
  status: number;
  headers: Headers;
  text: string;
  /** Path of the call, without host or query. */
  endpoint: string;
};

/** Codes that mean "ask for less" rather than "never": the engine splits the chunk. */
const TOO_LARGE_CODES = new Set(['ErrorExceededFindCountLimit']);

/**
 * The one classifier for Microsoft Graph failures: every non-2xx response becomes exactly
 * one ProviderError kind. 429, and 503 with Retry-After, are throttling (Graph's own advice
 * is to wait Retry-After); other 5xx are transient; 401 is an expired or revoked token;
 * 410 SyncStateNotFound is a dead delta token the engine recovers from by re-reading.
 */
export function classifyMicrosoftResponse(response: FailedResponse): ProviderError {
  const { status, headers, endpoint } = response;
  const error = readGraphError(response.text);
  const code = error?.code;
  const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
  const kind = kindOf(status, code, retryAfterMs);
  const requestId = error?.innerError?.['request-id'] ?? headers.get('request-id') ?? undefined;
  const what = error?.message ?? (response.text.trim().slice(0, 200) || 'no body');
  const message =
    `MICROSOFT_MAIL ${endpoint}: HTTP ${status}${code ? ` ${code}` : ''}: ${what}` +
    (retryAfterMs !== undefined ? ` (retry after ${retryAfterMs} ms)` : '') +
    (requestId ? ` [request-id ${requestId}]` : '');
  return new ProviderError(message, {
    provider: 'MICROSOFT_MAIL',
    kind,
    endpoint,
    httpStatus: status,
    providerCode: code,
    retryAfterMs,
  });
}

function kindOf(
  status: number,
  code: string | undefined,
  retryAfterMs: number | undefined,
): ProviderErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 503) return retryAfterMs !== undefined ? 'rate_limited' : 'retryable';
  if (status >= 500 || status === 408) return 'retryable';
  if (status === 401) return 'auth_expired';
  if (code && TOO_LARGE_CODES.has(code)) return 'request_too_large';
  return 'permanent';
}
