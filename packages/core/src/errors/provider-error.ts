import type { ProviderId } from '../source/provider.ts';

/**
 * What the engine does with a failed provider call. One classifier per provider maps every
 * response (status, body, headers) or network failure to exactly one of these.
 */
export type ProviderErrorKind =
  | 'retryable' // transient: 5xx, resets, timeouts, Graph codes 1/2 — back off and retry
  | 'rate_limited' // throttled: reschedule after retryAfterMs without burning an attempt
  | 'auth_expired' // token invalid/expired: pause the connection, NEEDS_REAUTH
  | 'request_too_large' // "reduce the amount of data": split the chunk
  | 'malformed' // the provider answered something that is not its documented contract
  | 'permanent'; // anything else: fail the chunk with this error

export type ProviderErrorDetails = {
  provider: ProviderId;
  kind: ProviderErrorKind;
  /** Endpoint path without host or query secrets, e.g. `/v21.0/act_1001/insights`. */
  endpoint: string;
  httpStatus?: number;
  /** Provider error code (Graph `error.code`, Microsoft `error.code`), as a string. */
  providerCode?: string;
  /** When the provider says it is safe to try again. */
  retryAfterMs?: number;
  cause?: unknown;
};

/** The one error type connectors throw for a failed provider call. */
export class ProviderError extends Error {
  readonly provider: ProviderId;
  readonly kind: ProviderErrorKind;
  readonly endpoint: string;
  readonly httpStatus: number | undefined;
  readonly providerCode: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: ProviderErrorDetails) {
    super(message, { cause: details.cause });
    this.name = 'ProviderError';
    this.provider = details.provider;
    this.kind = details.kind;
    this.endpoint = details.endpoint;
    this.httpStatus = details.httpStatus;
    this.providerCode = details.providerCode;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** Stable code for storage and the API, e.g. `FACEBOOK_ADS:rate_limited:17`. */
  get code(): string {
    return [this.provider, this.kind, this.providerCode].filter(Boolean).join(':');
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}
