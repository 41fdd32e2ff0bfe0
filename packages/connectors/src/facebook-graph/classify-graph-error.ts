import { ProviderError, type ProviderErrorKind, type ProviderId } from '@tributary/core';
import { z } from 'zod';
import { type GraphUsage, parseGraphUsage } from './usage-headers.ts';

export const graphErrorBody = z.object({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    fbtrace_id: z.string().optional(),
    is_transient: z.boolean().optional(),
  }),
});

export type GraphErrorResponse = {
  provider: ProviderId;
  endpoint: string;
  status: number;
  headers: { get(name: string): string | null };
  text: string;
};

/** Graph throttling codes: app (4), user (17), page (32), ad account (613), BUC (80000–80014). */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
const AUTH_CODES = new Set([190, 102]);
const AUTH_SUBCODES = new Set([463, 467]);
/**
 * Insights "too many rows" for one call: code 100 with this subcode. Not a bad parameter: the
 * same query, smaller (fewer objects, fewer days), succeeds.
 * https://developers.facebook.com/docs/marketing-api/insights/error-codes
 */
export const TOO_MANY_ROWS_SUBCODE = 1487534;
const DEFAULT_THROTTLE_WAIT_MS = 60_000;
/** x-app-usage is an hourly rolling window: at its ceiling, wait a slice of it. */
const APP_EXHAUSTED_WAIT_MS = 5 * 60_000;

/** Maps a failed Graph response to the one ProviderError kind the engine acts on. */
export function classifyGraphError(response: GraphErrorResponse): ProviderError {
  const { provider, endpoint, status } = response;
  const usage = parseGraphUsage(response.headers);
  const body = parseErrorBody(response.text);
  const code = body?.code;
  const message = body?.message ?? (response.text.length === 0 ? 'empty body' : 'no Graph error');
  const kind = kindOf(status, body);
  const details = {
    provider,
    kind,
    endpoint,
    httpStatus: status,
    providerCode: code === undefined ? undefined : String(code),
    retryAfterMs: kind === 'rate_limited' ? throttleWaitMs(usage) : undefined,
  };
  const subcode = body?.error_subcode === undefined ? '' : `/${body.error_subcode}`;
  const codeText = code === undefined ? '' : ` code ${code}${subcode}`;
  const trace = body?.fbtrace_id ? ` (fbtrace_id ${body.fbtrace_id})` : '';
  return new ProviderError(
    `${provider} ${endpoint}: HTTP ${status}${codeText}: ${message}${trace}`,
    details,
  );
}

type GraphError = z.output<typeof graphErrorBody>['error'];

function kindOf(status: number, body: GraphError | undefined): ProviderErrorKind {
  const code = body?.code;
  if (code === undefined) {
    if (status >= 500 || status === 429) return status === 429 ? 'rate_limited' : 'retryable';
    return status === 401 ? 'auth_expired' : 'permanent';
  }
  if (RATE_LIMIT_CODES.has(code) || (code >= 80000 && code <= 80014)) return 'rate_limited';
  if (AUTH_CODES.has(code)) return 'auth_expired';
  if (body?.error_subcode !== undefined && AUTH_SUBCODES.has(body.error_subcode)) {
    return 'auth_expired';
  }
  if (code === 100 && body?.error_subcode === TOO_MANY_ROWS_SUBCODE) return 'request_too_large';
  if (code === 1 && /reduce the amount of data/i.test(body?.message ?? '')) {
    return 'request_too_large';
  }
  if (code === 1 || code === 2 || body?.is_transient === true) return 'retryable';
  return 'permanent';
}

/** BUC regain time first, then the ad account's reset, then the app header's level, else 60s. */
function throttleWaitMs(usage: GraphUsage | undefined): number {
  if (usage?.regainAccessMs) return usage.regainAccessMs;
  if (usage?.resetMs) return usage.resetMs;
  if (usage?.appPercent !== undefined && usage.appPercent >= 100) return APP_EXHAUSTED_WAIT_MS;
  return DEFAULT_THROTTLE_WAIT_MS;
}

function parseErrorBody(text: string): GraphError | undefined {
  if (text.length === 0) return undefined;
  try {
    const parsed = graphErrorBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.error : undefined;
  } catch {
    return undefined;
  }
}
