import { type ConnectionContext, type Credentials, ProviderError } from '@tributary/core';
import { endpointOf } from '../shared/index.ts';
import { GRAPH_BASE_URL } from './graph-url.ts';
import { postTokenForm } from './post-token-form.ts';

export type MicrosoftOAuthOptions = {
  clientId: string;
  /** Confidential clients only; public clients refresh without one. */
  clientSecret?: string;
  /** Directory (tenant) id, or `common` / `organizations`. */
  tenant?: string;
  scope?: string;
};

export const DEFAULT_SCOPE =
  'https://graph.microsoft.com/Mail.Read https://graph.microsoft.com/User.Read offline_access';

/** Real connections use the Microsoft identity platform; sandbox ones the emulator's copy. */
export function tokenUrl(baseUrl: string, tenant: string): string {
  const host =
    baseUrl.replace(/\/+$/, '') === GRAPH_BASE_URL
      ? 'https://login.microsoftonline.com'
      : baseUrl.replace(/\/+$/, '');
  return `${host}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
}

/** `grant_type=refresh_token` at the v2.0 token endpoint. */
export async function refreshCredentials(
  context: ConnectionContext & { signal: AbortSignal },
  options: MicrosoftOAuthOptions,
): Promise<Credentials> {
  const url = tokenUrl(context.baseUrl, options.tenant ?? 'common');
  const endpoint = endpointOf(url);
  const refreshToken = context.credentials.refreshToken;
  if (!refreshToken) {
    throw new ProviderError(`MICROSOFT_MAIL ${endpoint}: the connection has no refresh token`, {
      provider: 'MICROSOFT_MAIL',
      kind: 'auth_expired',
      endpoint,
    });
  }
  const form: Record<string, string> = {
    refresh_token: refreshToken,
    client_id: options.clientId,
    scope: options.scope ?? DEFAULT_SCOPE,
  };
  if (options.clientSecret) form.client_secret = options.clientSecret;
  const { body, issuedAt } = await postTokenForm(
    url,
    context.allowedOrigins,
    'refresh_token',
    form,
    context.signal,
  );
  return {
    accessToken: body.access_token,
    // Microsoft may rotate the refresh token; keep the old one when it does not.
    refreshToken: body.refresh_token ?? refreshToken,
    expiresAt: new Date(issuedAt + body.expires_in * 1000).toISOString(),
  };
}
