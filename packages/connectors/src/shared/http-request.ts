import { ProviderError, type ProviderId } from '@tributary/core';

export type HttpRequest = {
  provider: ProviderId;
  /** Full URL, query included; only its path ever reaches messages. */
  url: string;
  /** How errors name the call (default: the URL's path), e.g. without a sandbox base path. */
  endpoint?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Per-request timeout; the caller's `signal` still cancels immediately. */
  timeoutMs?: number;
  signal: AbortSignal;
};

export type HttpResponse = {
  status: number;
  headers: Headers;
  text: string;
};

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * One HTTP call over Node's fetch (undici keeps connections alive). Network failures —
 * resets, hang-ups, timeouts, bodies cut short — become a `retryable` ProviderError naming
 * the provider and endpoint; a cancel by the caller's signal is rethrown as the abort it is.
 */
export async function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const endpoint = request.endpoint ?? endpointOf(request.url);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([request.signal, timeout]);
  try {
    const response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      signal,
    });
    // Reading the body is where a reset mid-body surfaces, so it stays inside the try.
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason ?? error;
    const what = timeout.aborted ? `no answer within ${timeoutMs} ms` : describeNetworkError(error);
    throw new ProviderError(`${request.provider} ${endpoint}: ${what}`, {
      provider: request.provider,
      kind: 'retryable',
      endpoint,
      cause: error,
    });
  }
}

/** The URL's path: never the host's credentials nor the query, where tokens may travel. */
export function endpointOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(invalid url)';
  }
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  const code = cause?.code ?? (error as { code?: string } | undefined)?.code;
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (error instanceof Error && error.message === 'terminated') return 'response body cut short';
  if (code) return `network error ${code}`;
  return `network error (${error instanceof Error ? error.name : 'unknown'})`;
}
