import {
  facebookAdsConnector,
  facebookPagesConnector,
  microsoftMailConnector,
} from '@tributary/connectors';
import type { Credentials, ProviderId, SourceConnector } from '@tributary/core';
import type { ProviderEndpoints } from './provider-endpoints.ts';

/** The connectors whose token endpoints the callback redeems codes at (the app is passed per call). */
const connectors: Record<ProviderId, SourceConnector> = {
  FACEBOOK_ADS: facebookAdsConnector,
  FACEBOOK_PAGES: facebookPagesConnector,
  MICROSOFT_MAIL: microsoftMailConnector,
};

/** Retries included; past this the user is told to try again rather than kept waiting. */
const EXCHANGE_TIMEOUT_MS = 45_000;

/**
 * Trades an authorization code for tokens through the provider's connector, so the exchange
 * gets the same HTTP layer, retries and error classification as every other provider call.
 * Failures are ProviderErrors (or the timeout's abort).
 */
export async function exchangeCodeWith(
  provider: ProviderId,
  endpoints: ProviderEndpoints,
  code: string,
  redirectUri: string,
): Promise<Credentials> {
  const connector = connectors[provider];
  if (!connector.exchangeCode) throw new Error(`${provider} has no OAuth code exchange`);
  return connector.exchangeCode({
    baseUrl: endpoints.baseUrl,
    code,
    redirectUri,
    app: {
      clientId: endpoints.client.clientId,
      clientSecret: endpoints.client.clientSecret,
      ...(endpoints.tenant ? { tenant: endpoints.tenant } : {}),
    },
    signal: AbortSignal.timeout(EXCHANGE_TIMEOUT_MS),
  });
}
