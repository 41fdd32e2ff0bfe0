import {
  GRAPH_VERSION,
  officialTarget,
  type ProviderTarget,
  resolveSandboxTarget,
} from '@tributary/connectors';
import type { ProviderId } from '@tributary/core';
import { OAuthNotConfiguredError } from './oauth-not-configured-error.ts';
import {
  type OAuthClient,
  type OAuthSettings,
  realClientOf,
  SANDBOX_CLIENT,
} from './oauth-settings.ts';

/**
 * Where a provider's consent screen is, the API base its connector exchanges the code at
 * (with the origins the app secret may go to, as a connection's), and who we are to it.
 */
export type ProviderEndpoints = ProviderTarget & {
  kind: 'facebook' | 'microsoft';
  authorizeUrl: string;
  client: OAuthClient;
  /** Microsoft's directory: the token endpoint must be the authorize endpoint's tenant. */
  tenant?: string;
  scope: string;
};

const FACEBOOK_DIALOG = `https://www.facebook.com/${GRAPH_VERSION}/dialog/oauth`;
const MICROSOFT_LOGIN = 'https://login.microsoftonline.com';

const SCOPES: Record<ProviderId, string> = {
  FACEBOOK_ADS: 'ads_read',
  FACEBOOK_PAGES: 'pages_show_list,pages_read_engagement,pages_messaging',
  // offline_access: a refresh token, so the worker can renew the hour-long access token.
  MICROSOFT_MAIL:
    'https://graph.microsoft.com/Mail.Read https://graph.microsoft.com/User.Read offline_access',
};

/**
 * The endpoints for one flow. Sandbox connections use the sandbox's copies of the providers'
 * endpoints with a fixed client; real ones need the provider's client id/secret configured.
 */
export async function providerEndpoints(
  settings: OAuthSettings,
  provider: ProviderId,
  sandbox: boolean,
): Promise<ProviderEndpoints> {
  const scope = SCOPES[provider];
  const isFacebook = provider !== 'MICROSOFT_MAIL';
  if (sandbox) {
    if (!settings.sandboxUrl) {
      throw new OAuthNotConfiguredError(
        'The provider sandbox is not configured on this server (TRIBUTARY_SANDBOX_URL)',
      );
    }
    const target = await resolveSandboxTarget(settings.sandboxUrl, provider);
    const base = target.baseUrl;
    const tenant = settings.microsoft?.tenant ?? 'common';
    return isFacebook
      ? {
          kind: 'facebook',
          authorizeUrl: `${base}/${GRAPH_VERSION}/dialog/oauth`,
          ...target,
          client: SANDBOX_CLIENT,
          scope,
        }
      : {
          kind: 'microsoft',
          authorizeUrl: `${base}/${encodeURIComponent(tenant)}/oauth2/v2.0/authorize`,
          ...target,
          client: SANDBOX_CLIENT,
          tenant,
          scope,
        };
  }
  const client = realClientOf(settings, provider);
  if (!client) {
    const vars = isFacebook
      ? 'FACEBOOK_APP_ID and FACEBOOK_APP_SECRET'
      : 'MICROSOFT_CLIENT_ID and MICROSOFT_CLIENT_SECRET';
    throw new OAuthNotConfiguredError(
      `Connecting ${provider} through OAuth needs ${vars} on the API server; paste a token instead, or use the sandbox`,
    );
  }
  if (isFacebook) {
    return {
      kind: 'facebook',
      authorizeUrl: FACEBOOK_DIALOG,
      ...officialTarget(provider),
      client,
      scope,
    };
  }
  const tenant = client.tenant ?? 'common';
  return {
    kind: 'microsoft',
    authorizeUrl: `${MICROSOFT_LOGIN}/${encodeURIComponent(tenant)}/oauth2/v2.0/authorize`,
    ...officialTarget(provider),
    client,
    tenant,
    scope,
  };
}

/** The consent-screen URL the browser is sent to. */
export function authorizeUrlOf(
  endpoints: ProviderEndpoints,
  redirectUri: string,
  state: string,
): string {
  const url = new URL(endpoints.authorizeUrl);
  url.searchParams.set('client_id', endpoints.client.clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', endpoints.scope);
  if (endpoints.kind === 'microsoft') url.searchParams.set('response_mode', 'query');
  return url.toString();
}
