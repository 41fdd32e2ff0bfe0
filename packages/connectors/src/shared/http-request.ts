import { ProviderError, type ProviderId } from '@tributary/core';
import { isAllowedUrl, originOf } from './allowed-origins.ts';
import { HostNotAllowedError } from './host-not-allowed-error.ts';

export type HttpRequest = {
  provider: ProviderId;
  /** Full URL, query included; only its path ever reaches messages. */
  url: string;
  /** How errors name the call (default: the URL's path), e.g. without a sandbox base path. */
  endpoint?: string;
  /**
   * The only origins this call may go to (the connection's: see ProviderTarget). Every
   * connector call carries a token, an app secret or a code, so any other host is refused.
   */
  allowedOrigins: readonly string[];
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
 *
 * Credentials only reach allowed origins: a URL elsewhere is refused before anything is sent
 * (HostNotAllowedError), and redirects are never followed (fetch would carry a 307's body, form
 * secrets included, to the new host), since the providers' APIs answer in place.
 */
export async function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const endpoint = request.endpoint ?? endpointOf(request.url);
  if (!isAllowedUrl(request.url, request.allowedOrigins)) {
    const origin = originOf(request.url) ?? '(an unparsable URL)';
    throw new HostNotAllowedError(request.provider, endpoint, origin, 'the call is aimed at');
  }
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([request.signal, timeout]);
  try {
    const response = await fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal,
    });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw redirectError(request, endpoint, response);
    }
    // Reading the body is where a reset mid-body surfaces, so it stays inside the try.
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (error instanceof ProviderError) throw error;
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

function redirectError(request: HttpRequest, endpoint: string, response: Response): ProviderError {
  const location = response.headers.get('location');
  let target: string | null = null;
  try {
    if (location !== null) target = new URL(location, request.url).origin;
  } catch {
    // An unparsable Location is refused like a foreign one.
  }
  if (target === null || !request.allowedOrigins.includes(target)) {
    return new HostNotAllowedError(
      request.provider,
      endpoint,
      target ?? '(no location)',
      `HTTP ${response.status} redirects to`,
    );
  }
  return new ProviderError(
    `${request.provider} ${endpoint}: HTTP ${response.status} redirect, which provider APIs never answer; not followed`,
    { provider: request.provider, kind: 'permanent', endpoint, httpStatus: response.status },
  );
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
