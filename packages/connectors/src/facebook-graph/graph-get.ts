import type { ProviderId, UsageReading } from '@tributary/core';
import type { z } from 'zod';
import { assertAllowedLink } from '../shared/allowed-origins.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF } from '../shared/backoff.ts';
import { httpRequest } from '../shared/http-request.ts';
import { parseJson } from '../shared/parse-json.ts';
import { observeRequest } from '../shared/request-outcome.ts';
import { withRetry } from '../shared/with-retry.ts';
import { classifyGraphError } from './classify-graph-error.ts';
import { parseGraphUsage, toUsageReading } from './usage-headers.ts';

export type GraphGetRequest<S extends z.ZodType> = {
  provider: ProviderId;
  /** Graph base without the version, e.g. `https://graph.facebook.com`. */
  baseUrl: string;
  /** Origins the token may go to (ConnectionContext.allowedOrigins). */
  allowedOrigins: readonly string[];
  /** Path below the base, e.g. `/v21.0/act_1001/campaigns`. */
  path: string;
  query?: Record<string, string | undefined>;
  accessToken: string;
  /** Budget key usage readings are filed under, e.g. `FACEBOOK_ADS:act_1001`. */
  usageKey: string;
  schema: S;
  signal: AbortSignal;
  timeoutMs?: number;
  backoff?: BackoffPolicy;
  /** GET unless set: Graph creates some objects (async report runs) by POST with query parameters. */
  method?: 'GET' | 'POST';
  /** Also hands every response's usage reading here (ConnectionContext.reportUsage). */
  reportUsage?: ((readings: UsageReading[]) => void) | undefined;
};

export type GraphGetResult<T> = { body: T; usage: UsageReading[]; requests: number };

/**
 * One Graph GET: token in the Authorization header (never in the URL), transient failures
 * retried with backoff, errors classified, the body checked against its schema.
 */
export async function graphGet<S extends z.ZodType>(
  request: GraphGetRequest<S>,
): Promise<GraphGetResult<z.output<S>>> {
  const url = new URL(`${request.baseUrl.replace(/\/$/, '')}${request.path}`);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  const endpoint = request.path;
  let usage: UsageReading[] = [];
  const { value, attempts } = await withRetry(
    () =>
      observeRequest(request.provider, request.signal, async () => {
        const response = await httpRequest({
          provider: request.provider,
          url: url.toString(),
          endpoint,
          allowedOrigins: request.allowedOrigins,
          method: request.method ?? 'GET',
          headers: { authorization: `Bearer ${request.accessToken}`, accept: 'application/json' },
          timeoutMs: request.timeoutMs,
          signal: request.signal,
        });
        const reading = parseGraphUsage(response.headers);
        if (reading) {
          usage = [toUsageReading(request.usageKey, reading)];
          request.reportUsage?.(usage);
        }
        if (response.status >= 400) {
          throw classifyGraphError({ provider: request.provider, endpoint, ...response });
        }
        const body = parseJson(response.text, request.schema, {
          provider: request.provider,
          endpoint,
          httpStatus: response.status,
        });
        assertAllowedLink(request.provider, endpoint, pagingNext(body), request.allowedOrigins);
        return body;
      }),
    request.signal,
    request.backoff ?? DEFAULT_BACKOFF,
  );
  return { body: value, usage, requests: attempts };
}

/** `paging.next` of a list response: read only for its cursor, yet a foreign host is refused. */
function pagingNext(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('paging' in body)) return undefined;
  const paging = (body as { paging?: unknown }).paging;
  return typeof paging === 'object' && paging !== null
    ? (paging as { next?: unknown }).next
    : undefined;
}
