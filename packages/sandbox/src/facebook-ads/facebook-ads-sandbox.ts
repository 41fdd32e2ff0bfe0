import type { ProviderId } from '@tributary/core';
import {
  expiredToken,
  graphError,
  missingToken,
  tooMuchData,
  transientError,
  unsupportedGet,
} from '../facebook-graph/graph-error-bodies.ts';
import { dayOf } from '../facebook-graph/graph-time.ts';
import { SandboxLoginTokens } from '../facebook-graph/login-tokens.ts';
import { SandboxInputError } from '../shared/sandbox-input-error.ts';
import type {
  FaultSettings,
  MutateOps,
  ProviderSandbox,
  SandboxCallContext,
  SandboxFault,
  SandboxRequest,
  SandboxResponse,
  TruthResult,
} from '../shared/types.ts';
import { accountTruth } from './account-truth.ts';
import {
  type AdAccount,
  accountSpecSchema,
  DEFAULT_ACCOUNTS,
  generateAccount,
} from './ad-account.ts';
import {
  ACCOUNT_NODE_FIELDS,
  accountJson,
  entityJson,
  NODE_FIELDS,
  NODE_TYPE_NAMES,
} from './entity-json.ts';
import { GraphParamError, paramError, parseFields } from './graph-params.ts';
import { parseInsightsQuery } from './insights-query.ts';
import { listEntities } from './list-entities.ts';
import { insightsPage, listInsights } from './list-insights.ts';
import { meAdAccounts } from './me-adaccounts.ts';
import { mutateAccount } from './mutate-account.ts';
import { GraphOAuth } from './oauth.ts';
import { type ReportRun, ReportRuns, reportRunJson, runStatus } from './report-runs.ts';
import { type AdsBucket, adsUsageHeaders, throttleError } from './usage-headers.ts';

/**
 * The version an unversioned call gets: the app's default version ("If you don't specify a
 * version, the call is made to your app's default version").
 * https://developers.facebook.com/docs/graph-api/guides/versioning
 */
export const APP_DEFAULT_VERSION = 'v21.0';

const EDGE_LEVEL = { campaigns: 'campaign', adsets: 'adset', ads: 'ad' } as const;

/**
 * The Marketing API on the Graph host: ad accounts (`act_*`), their campaigns, ad sets, ads
 * and daily insights, plus Facebook Login's token endpoints.
 */
export class FacebookAdsSandbox implements ProviderSandbox {
  readonly provider: ProviderId = 'FACEBOOK_ADS';
  private seed = 0;
  private accounts = new Map<string, AdAccount>();
  private readonly oauth: GraphOAuth;
  private served = 0;
  private readonly reportRuns = new ReportRuns();

  /** `loginTokens`: the Graph host's registry, where Login records the user tokens it issues. */
  constructor(private readonly loginTokens = new SandboxLoginTokens()) {
    this.oauth = new GraphOAuth(0, loginTokens);
  }

  reset(seed: number, accounts?: unknown[]): void {
    const specs = (accounts ?? DEFAULT_ACCOUNTS).map((raw, index) => {
      const parsed = accountSpecSchema.safeParse(raw);
      if (parsed.success) return parsed.data;
      const issue = parsed.error.issues[0];
      const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
      const field = ['accounts', index, ...(issue?.path ?? []), ...keys].join('.');
      throw new SandboxInputError(field, `${field}: ${issue?.message ?? 'invalid'}`);
    });
    const nowMs = Date.now();
    // Built aside and swapped in: a bad spec leaves the previous data untouched.
    const next = new Map(specs.map((spec) => [spec.id, generateAccount(seed, spec, nowMs)]));
    this.seed = seed;
    this.accounts = next;
    this.reportRuns.clear();
    this.oauth.reset(seed);
  }

  owns(request: SandboxRequest): boolean {
    const [, first, edge] = versioned(request.path);
    if (!first) return false;
    return (
      (first === 'me' && edge === 'adaccounts') ||
      first.startsWith('act_') ||
      first === 'dialog' ||
      first === 'oauth' ||
      this.accountOfId(first) !== undefined
    );
  }

  /** Insights calls (the edge, report runs) draw on `ads_insights`; the rest on `ads_management`. */
  bucketOf(request: SandboxRequest): AdsBucket | undefined {
    const [, first, edge] = versioned(request.path);
    if (!first || first === 'dialog' || first === 'oauth' || first === 'me') return undefined;
    if (edge === 'insights' || this.reportRuns.get(first)) return 'ads_insights';
    return 'ads_management';
  }

  accountOf(request: SandboxRequest): string | undefined {
    const [, first] = versioned(request.path);
    if (!first) return undefined;
    if (first.startsWith('act_')) return first;
    return this.accountOfId(first)?.id;
  }

  handle(request: SandboxRequest, context: SandboxCallContext): SandboxResponse {
    const trace = ++this.served;
    const [version, first, edge, ...rest] = versioned(request.path);
    if (!version || !/^v\d+\.\d+$/.test(version) || !first)
      return unsupportedGet(request.path, trace);
    if (first === 'dialog' || first === 'oauth') {
      return this.oauth.handle(`${first}/${edge ?? ''}`, request, trace);
    }
    if (first === 'me') {
      if (request.method !== 'GET' || rest.length > 0) return unsupportedGet(request.path, trace);
      return meAdAccounts(
        request,
        context,
        bearerOf(request),
        [...this.accounts.values()],
        this.loginTokens,
        trace,
      );
    }
    if (!bearerOf(request)) return missingToken(trace);
    const isInsightsPost =
      request.method === 'POST' && first.startsWith('act_') && edge === 'insights';
    if (request.method !== 'GET' && !isInsightsPost) {
      return graphError(
        400,
        {
          message: `Unsupported ${request.method.toLowerCase()} request.`,
          type: 'GraphMethodException',
          code: 100,
        },
        trace,
      );
    }
    const today = dayOf(context.now.getTime());
    try {
      const run = this.reportRuns.get(first);
      if (run) return this.serveReportRun(run, request, version, edge, rest, context, trace);
      const account = first.startsWith('act_') ? this.accounts.get(first) : this.accountOfId(first);
      if (!account || rest.length > 0) return unsupportedGet(first, trace);
      if (!first.startsWith('act_')) {
        const entity = account.byId.get(first)!;
        if (edge) return unsupportedGet(`${first}/${edge}`, trace);
        const fields = parseFields(
          request.query.get('fields'),
          NODE_FIELDS[entity.level],
          NODE_TYPE_NAMES[entity.level],
          ['id'],
          trace,
        );
        return { status: 200, body: entityJson(account, entity, fields, today) };
      }
      if (edge === undefined) {
        const fields = parseFields(
          request.query.get('fields'),
          ACCOUNT_NODE_FIELDS,
          'AdAccount',
          ['account_id'],
          trace,
        );
        return { status: 200, body: accountJson(account, fields) };
      }
      if (isInsightsPost) {
        // Parameters may come in the query string or the form body, as Graph accepts both.
        const params = new URLSearchParams(request.query);
        for (const [key, value] of Object.entries(bodyParams(request.body))) params.set(key, value);
        const query = parseInsightsQuery(account, params, today, trace);
        const created = this.reportRuns.create(
          this.seed,
          account,
          query,
          today,
          context.now.getTime(),
          context.faults,
        );
        return { status: 200, body: { report_run_id: created.id } };
      }
      if (edge === 'insights') {
        return listInsights(
          this.seed,
          account,
          request,
          context.baseUrl,
          today,
          context.faults,
          trace,
        );
      }
      if (edge in EDGE_LEVEL) {
        const level = EDGE_LEVEL[edge as keyof typeof EDGE_LEVEL];
        return listEntities(account, level, request, context.baseUrl, today, trace);
      }
      return graphError(
        400,
        {
          message: `(#100) Tried accessing nonexisting field (${edge}) on node type (AdAccount)`,
          code: 100,
        },
        trace,
      );
    } catch (error) {
      if (error instanceof GraphParamError) return error.response;
      throw error;
    }
  }

  /** `GET /{report_run_id}` (status) and `GET /{report_run_id}/insights` (its rows, once done). */
  private serveReportRun(
    run: ReportRun,
    request: SandboxRequest,
    version: string,
    edge: string | undefined,
    rest: string[],
    context: SandboxCallContext,
    trace: number,
  ): SandboxResponse {
    const account = this.accounts.get(run.accountId);
    if (!account || rest.length > 0 || request.method !== 'GET') {
      return unsupportedGet(run.id, trace);
    }
    const nowMs = context.now.getTime();
    if (edge === undefined) {
      return { status: 200, body: reportRunJson(run, account, nowMs, Number(version.slice(1))) };
    }
    if (edge !== 'insights') return unsupportedGet(`${run.id}/${edge}`, trace);
    const { status } = runStatus(run, nowMs);
    if (status !== 'Job Completed') {
      throw paramError(
        `Report run ${run.id} has async_status "${status}"; its insights are readable once it is "Job Completed"`,
        trace,
      );
    }
    return insightsPage(
      this.seed,
      account,
      run.query,
      request,
      context.baseUrl,
      dayOf(run.createdMs),
      trace,
    );
  }

  mutate(accountId: string, ops: MutateOps, now: Date) {
    return mutateAccount(this.seed, this.accountOrThrow(accountId), ops, now);
  }

  faultResponse(
    fault: SandboxFault,
    details: {
      accountId?: string;
      retryAfterSec: number;
      percentUsed: number;
      bucket?: string;
      faults?: Readonly<FaultSettings>;
    },
  ): SandboxResponse {
    const trace = ++this.served;
    switch (fault) {
      case 'throttled': {
        const account = details.accountId ? this.accounts.get(details.accountId) : undefined;
        const bucket: AdsBucket =
          details.bucket === 'ads_insights' ? 'ads_insights' : 'ads_management';
        // Graph reports the wait in minutes (BUC) and seconds (ad account); short waits read 0 minutes.
        const regainMinutes =
          details.retryAfterSec >= 60 ? Math.ceil(details.retryAfterSec / 60) : 0;
        const headers = account
          ? adsUsageHeaders(
              account,
              Math.max(100, details.percentUsed),
              details.retryAfterSec,
              regainMinutes,
              bucket,
            )
          : {};
        return graphError(400, throttleError(bucket, details.faults?.throttleCode), trace, headers);
      }
      case 'server_error':
        return transientError(trace);
      case 'token_expired':
        return expiredToken(new Date(), trace);
      case 'too_much_data':
        return tooMuchData(trace);
      default: {
        const unknown: never = fault;
        throw new Error(`unknown fault ${unknown}`);
      }
    }
  }

  usageHeaders(
    accountId: string,
    percentUsed: number,
    resetSec = 0,
    bucket?: string,
  ): Record<string, string> {
    const account = this.accounts.get(accountId);
    const which: AdsBucket = bucket === 'ads_insights' ? 'ads_insights' : 'ads_management';
    return account ? adsUsageHeaders(account, percentUsed, resetSec, 0, which) : {};
  }

  truth(accountId: string, stream: string, now: Date): TruthResult {
    return accountTruth(this.seed, this.accountOrThrow(accountId), stream, now);
  }

  private accountOrThrow(accountId: string): AdAccount {
    const account = this.accounts.get(accountId);
    if (!account) {
      throw new SandboxInputError(
        'accountId',
        `no FACEBOOK_ADS account ${accountId}; have ${[...this.accounts.keys()].join(', ')}`,
      );
    }
    return account;
  }

  private accountOfId(id: string): AdAccount | undefined {
    if (!/^\d+$/.test(id)) return undefined;
    const run = this.reportRuns.get(id);
    if (run) return this.accounts.get(run.accountId);
    for (const account of this.accounts.values()) if (account.byId.has(id)) return account;
    return undefined;
  }
}

function segments(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .filter((part) => part.length > 0);
}

/** Path segments with the version first; an unversioned path gets the app's default version. */
function versioned(path: string): string[] {
  const parts = segments(path);
  if (parts[0] && /^v\d+\.\d+$/.test(parts[0])) return parts;
  return [APP_DEFAULT_VERSION, ...parts];
}

function bodyParams(body: unknown): Record<string, string> {
  if (!body || typeof body !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

function bearerOf(request: SandboxRequest): string | undefined {
  const header = request.headers.authorization;
  const fromHeader = header?.match(/^(?:Bearer|OAuth)\s+(\S+)$/i)?.[1];
  return fromHeader ?? (request.query.get('access_token') || undefined);
}
