import {
  type AccountInfo,
  type ConnectionContext,
  type Credentials,
  type PageRequest,
  type PageResult,
  rateBudgetKey,
  type SourceConnector,
} from '@tributary/core';
import { z } from 'zod';
import { exchangeGraphCode } from '../facebook-graph/exchange-code.ts';
import { graphGet } from '../facebook-graph/graph-get.ts';
import { chunkError } from './chunk-error.ts';
import { ACCOUNT_FIELDS, GRAPH_VERSION } from './fields.ts';
import { listAdAccounts } from './list-ad-accounts.ts';
import { readInsightsPage } from './read-insights.ts';
import { readStructurePage } from './read-structure.ts';
import { FACEBOOK_ADS_STREAMS } from './streams.ts';

export type FacebookAdsConnectorOptions = {
  /** Facebook app credentials, for the long-lived token exchange. */
  appId?: string;
  appSecret?: string;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Async insights report runs: first poll interval and longest wait per page. */
  reportPollMs?: number;
  reportWaitMs?: number;
};

const accountBody = z.looseObject({
  name: z.string(),
  created_time: z.string().min(1),
  timezone_name: z.string().optional(),
});
const tokenBody = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
});

/** The Marketing API connector. `baseUrl` is the Graph host (or the sandbox's `/graph`). */
export function createFacebookAdsConnector(
  options: FacebookAdsConnectorOptions = {},
): SourceConnector {
  const http = { timeoutMs: options.timeoutMs };
  const insights = {
    timeoutMs: options.timeoutMs,
    reportPollMs: options.reportPollMs,
    reportWaitMs: options.reportWaitMs,
  };
  return {
    provider: 'FACEBOOK_ADS',
    streams: FACEBOOK_ADS_STREAMS,

    async describeAccount(context): Promise<AccountInfo> {
      const { body } = await graphGet({
        ...common(context),
        path: `/${GRAPH_VERSION}/${context.accountId}`,
        query: { fields: ACCOUNT_FIELDS.join(',') },
        schema: accountBody,
        signal: context.signal,
        timeoutMs: options.timeoutMs,
      });
      const info: AccountInfo = { name: body.name, createdAt: new Date(body.created_time) };
      if (body.timezone_name) info.timezone = body.timezone_name;
      return info;
    },

    async readPage(request: PageRequest): Promise<PageResult> {
      switch (request.chunk.kind) {
        case 'structure':
          return readStructurePage(request, http);
        case 'insights':
          return readInsightsPage(request, insights);
        default:
          throw chunkError(
            `unknown chunk kind ${request.chunk.kind}; expected structure or insights`,
          );
      }
    },

    /** Trades the current token for a fresh long-lived one (`grant_type=fb_exchange_token`). */
    async refresh(context): Promise<Credentials> {
      const { body } = await graphGet({
        ...common(context),
        path: `/${GRAPH_VERSION}/oauth/access_token`,
        query: {
          grant_type: 'fb_exchange_token',
          client_id: options.appId,
          client_secret: options.appSecret,
          fb_exchange_token: context.credentials.accessToken,
        },
        schema: tokenBody,
        signal: context.signal,
        timeoutMs: options.timeoutMs,
      });
      const credentials: Credentials = { accessToken: body.access_token };
      if (body.expires_in !== undefined) {
        credentials.expiresAt = new Date(Date.now() + body.expires_in * 1000).toISOString();
      }
      return credentials;
    },

    exchangeCode: (input) => exchangeGraphCode('FACEBOOK_ADS', GRAPH_VERSION, input),
    listAccounts: listAdAccounts,
  };
}

function common(context: ConnectionContext) {
  return {
    provider: 'FACEBOOK_ADS' as const,
    baseUrl: context.baseUrl,
    allowedOrigins: context.allowedOrigins,
    accessToken: context.credentials.accessToken,
    usageKey: rateBudgetKey('FACEBOOK_ADS', context.accountId, 'ads_management'),
    reportUsage: context.reportUsage,
  };
}

/** Configured from FACEBOOK_APP_ID / FACEBOOK_APP_SECRET; the sandbox accepts any values. */
export const facebookAdsConnector: SourceConnector = createFacebookAdsConnector({
  appId: process.env.FACEBOOK_APP_ID ?? 'tributary-sandbox-app',
  appSecret: process.env.FACEBOOK_APP_SECRET ?? 'tributary-sandbox-secret',
});
