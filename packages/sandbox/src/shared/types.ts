import type { ProviderId } from '@tributary/core';

/**
 * The contract between the sandbox server (server/server.ts: routing, admin API, faults,
 * usage accounting, stats) and each provider's emulator (facebook-ads/,
 * facebook-pages/, microsoft-mail/).
 */

export type SandboxRequest = {
  method: string;
  /** Path below the provider's base path, e.g. `/v21.0/act_1001/campaigns`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  /** Parsed JSON or form body, when there is one. */
  body: unknown;
};

export type SandboxResponse = {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
};

/** Per-request facts the emulator needs from the server (time, the account the call is for). */
export type SandboxCallContext = {
  now: Date;
  /** Public base URL of this provider's emulator, for `paging.next` / `@odata.nextLink`. */
  baseUrl: string;
  /**
   * Faults in force for this request's account (added, optional): emulators read the
   * provider-specific ones (`insightsRowLimit`, `asyncJob*`); the server applies the generic ones.
   */
  faults?: Readonly<FaultSettings>;
};

/** One level of `PUT /__sandbox/faults` (global, per provider, per account). */
export type FaultSettings = {
  /** Added delay before answering. */
  latencyMs?: number;
  /** Share (0–1) of requests answered with the provider's real 5xx / transient error. */
  errorRate?: number;
  /** The account's request budget; at 100% the provider's throttle response. */
  rateLimit?: { requests: number; windowMs: number };
  /** Share of requests never answered. */
  timeoutRate?: number;
  /** Share of successful responses sent truncated or in the wrong shape. */
  malformedRate?: number;
  /** Share of responses whose socket is destroyed mid-body. */
  resetRate?: number;
  /** Share of requests whose connection is closed before any response (a dropped connection). */
  dropRate?: number;
  /** A total outage: every request in the first `outageMs` after these faults were set gets a 5xx. */
  outageMs?: number;
  /** The first `requests` requests per account after these faults were set wait `delayMs` first. */
  slowFirst?: { requests: number; delayMs: number };
  /** Every call fails with the provider's expired-token error. */
  tokenExpired?: boolean;
  /** Facebook Ads insights: a synchronous read of more rows than this gets code 100/1487534. */
  insightsRowLimit?: number;
  /** Facebook Ads: an async report run of more rows than this ends "Job Failed" (100/1487534). */
  asyncInsightsRowLimit?: number;
  /** Facebook Ads: how long an async report run takes from POST to "Job Completed". */
  asyncJobMs?: number;
  /** Facebook Ads: share (0–1) of async report runs that end "Job Failed". */
  asyncFailRate?: number;
  /** Facebook Ads: share (0–1) of async report runs that end "Job Skipped". */
  asyncSkipRate?: number;
  /**
   * Facebook Ads: the throttle answered as this documented code instead of the bucket's own
   * (80000 insights / 80004 management): 4 app, 17 user (2446079), 613 ad account (1487742).
   */
  throttleCode?: 4 | 17 | 613;
  /**
   * Microsoft mail list endpoints: before each next page (`$skip` > 0) this many messages the
   * listing already returned are deleted, shifting every later page (offset paging).
   */
  listChurn?: number;
  /** Concurrent requests per account above this get the provider's throttle response. */
  maxConcurrent?: number;
};

export type TruthResult = { count: number; digest: string };

export type MutateOps = {
  /** How many new records to add (per stream when the emulator supports it), or full objects. */
  add?: unknown;
  update?: unknown;
  remove?: unknown;
  /** Mail: folder ids to delete with their subfolders and messages. */
  removeFolders?: unknown;
};

export interface ProviderSandbox {
  readonly provider: ProviderId;
  /**
   * Optional (added): whether this emulator serves a request, for providers that share a
   * host (Graph serves Ads and Pages under one base). Without it, the emulator takes what
   * the others on its mount do not claim.
   */
  owns?(request: SandboxRequest): boolean;
  /** Reseed deterministically. `accounts` overrides the default account list and sizes. */
  reset(seed: number, accounts?: unknown[]): void;
  handle(
    request: SandboxRequest,
    context: SandboxCallContext,
  ): Promise<SandboxResponse> | SandboxResponse;
  /**
   * Optional (added): the provider budget a request draws on within its account, for
   * providers that keep several (Marketing API: `ads_management` vs `ads_insights`). The
   * server keeps one `rateLimit` budget per account and bucket.
   */
  bucketOf?(request: SandboxRequest): string | undefined;
  /** Account id a request is for (budget, faults and stats are per account), if any. */
  accountOf(request: SandboxRequest): string | undefined;
  mutate(
    accountId: string,
    ops: MutateOps,
    now: Date,
  ): { added: number; updated: number; removed: number };
  /**
   * The provider's real response for an injected fault or an exhausted budget: error body,
   * status and headers exactly as the provider sends them (Graph error codes 4/17/80004 with
   * usage headers; Microsoft 429/503 with Retry-After; 401 for expired tokens).
   */
  faultResponse(
    fault: SandboxFault,
    details: {
      accountId?: string;
      retryAfterSec: number;
      percentUsed: number;
      bucket?: string;
      faults?: Readonly<FaultSettings>;
    },
  ): SandboxResponse;
  /**
   * Optional (added): the account's own documented budget, when the provider's formula depends
   * on the account (Pages: calls per 24 hours scale with engaged users). Replaces the
   * registration's flat default; a `rateLimit` fault still replaces both.
   */
  accountBudget?(accountId: string, now: Date): { requests: number; windowMs: number } | undefined;
  /** Usage headers for a successful response at this share of the account's (bucket's) budget. */
  usageHeaders(
    accountId: string,
    percentUsed: number,
    resetSec?: number,
    bucket?: string,
  ): Record<string, string>;
  /** Ground truth for a stream: count and recordsDigest (see @tributary/core) of live records. */
  truth(accountId: string, stream: string, now: Date): TruthResult;
}

export type SandboxFault =
  | 'throttled' // budget exhausted or rate-limit fault
  | 'server_error' // 5xx / Graph transient code 2
  | 'token_expired' // Graph 190 / Microsoft 401 InvalidAuthenticationToken
  | 'too_much_data'; // Graph code 1 "Please reduce the amount of data you're asking for"
