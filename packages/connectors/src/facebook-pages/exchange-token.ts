import type { ConnectionContext, Credentials } from '@tributary/core';
import { graphGet } from '../facebook-graph/index.ts';
import { tokenSchema } from './api-schemas.ts';
import { GRAPH_VERSION } from './fields.ts';

export type FacebookApp = { appId: string; appSecret: string };

/**
 * Trades the current long-lived token (or the stored refresh token) for a fresh one with
 * `grant_type=fb_exchange_token`; Facebook has no separate refresh tokens.
 */
export async function exchangeToken(
  context: ConnectionContext & { signal: AbortSignal },
  app: FacebookApp,
  now: () => Date = () => new Date(),
): Promise<Credentials> {
  const current = context.credentials.refreshToken ?? context.credentials.accessToken;
  const { body } = await graphGet({
    provider: 'FACEBOOK_PAGES',
    baseUrl: context.baseUrl,
    allowedOrigins: context.allowedOrigins,
    accessToken: current,
    usageKey: `FACEBOOK_PAGES:${context.accountId}`,
    signal: context.signal,
    path: `/${GRAPH_VERSION}/oauth/access_token`,
    query: {
      grant_type: 'fb_exchange_token',
      client_id: app.appId,
      client_secret: app.appSecret,
      fb_exchange_token: current,
    },
    schema: tokenSchema,
  });
  const credentials: Credentials = { accessToken: body.access_token };
  if (context.credentials.refreshToken) credentials.refreshToken = body.access_token;
  if (body.expires_in !== undefined)
    credentials.expiresAt = new Date(now().getTime() + body.expires_in * 1000).toISOString();
  return credentials;
}
