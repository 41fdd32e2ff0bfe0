import { randomUUID } from 'node:crypto';
import type { ConnectionContext, UsageReading } from '@tributary/core';
import type { z } from 'zod';
import {
  assertAllowedLink,
  endpointOf,
  httpRequest,
  observeRequest,
  parseJson,
  withRetry,
} from '../shared/index.ts';
import { classifyMicrosoftResponse } from './classify-response.ts';
import { recordRequests } from './request-window.ts';

export type GraphGetOptions = {
  /** `Prefer: odata.maxpagesize=N`, the page size delta queries honour. */
  maxPageSize?: number;
};

export type GraphGetResult<T> = { body: T; usage: UsageReading; requests: number };

/** Headers worth keeping with a usage reading (Graph sends these only near or over limits). */
const USAGE_HEADERS = ['retry-after', 'x-ms-throttle-limit-percentage', 'x-ms-resource-unit'];

export function usageKey(accountId: string): string {
  return `MICROSOFT_MAIL:${accountId}`;
}

/**
 * One Graph GET: transient failures are retried briefly with jitter; every other failure is
 * classified into a ProviderError; the body is checked against its documented shape.
 */
export async function graphGet<S extends z.ZodType>(
  context: ConnectionContext & { signal: AbortSignal },
  url: string,
  schema: S,
  options: GraphGetOptions = {},
): Promise<GraphGetResult<z.output<S>>> {
  const endpoint = endpointOf(url);
  const key = usageKey(context.accountId);
  const headers: Record<string, string> = {
    Authorization: `Bearer ${context.credentials.accessToken}`,
    Accept: 'application/json',
  };
  if (options.maxPageSize) headers.Prefer = `odata.maxpagesize=${options.maxPageSize}`;

  // The body is parsed inside the retried call: a garbled or cut-short body is retried too.
  const { value, attempts } = await withRetry(
    () =>
      observeRequest('MICROSOFT_MAIL', context.signal, async () => {
        recordRequests(key, 1);
        const response = await httpRequest({
          provider: 'MICROSOFT_MAIL',
          url,
          allowedOrigins: context.allowedOrigins,
          headers: { ...headers, 'client-request-id': randomUUID() },
          signal: context.signal,
          ...(context.requestTimeoutMs ? { timeoutMs: context.requestTimeoutMs } : {}),
        });
        if (response.status < 200 || response.status > 299) {
          throw classifyMicrosoftResponse({ ...response, endpoint });
        }
        const parsed = parseJson(response.text, schema, {
          provider: 'MICROSOFT_MAIL',
          endpoint,
          httpStatus: response.status,
        });
        return { response, parsed };
      }),
    context.signal,
  );
  const { response } = value;
  const body = value.parsed;
  // Links are followed (re-rooted on the connection's base) only if they name an allowed host.
  for (const name of ['@odata.nextLink', '@odata.deltaLink']) {
    assertAllowedLink('MICROSOFT_MAIL', endpoint, linkIn(body, name), context.allowedOrigins);
  }
  const usage = usageReading(key, response.headers);
  context.reportUsage?.([usage]);
  return { body, requests: attempts, usage };
}

function linkIn(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

function usageReading(key: string, headers: Headers): UsageReading {
  const raw: Record<string, string> = {};
  for (const name of USAGE_HEADERS) {
    const value = headers.get(name);
    if (value !== null) raw[name] = value;
  }
  const own = recordRequests(key, 0);
  // Graph's 0.8–1.8 "share of the limit" when it warns; the higher of the two readings wins.
  const warned = Number(raw['x-ms-throttle-limit-percentage']) * 100;
  return { key, percentUsed: Number.isFinite(warned) ? Math.max(own, warned) : own, raw };
}
