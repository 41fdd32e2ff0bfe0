import { defaultConnectors } from '@tributary/connectors';
import type { Credentials, ProviderId } from '@tributary/core';
import type { ProviderEndpoints } from './provider-endpoints.ts';

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
  /** The account the user chose when starting (a Facebook Page's token is that Page's); none: sign in first. */
  accountId: string | undefined,
): Promise<Credentials> {
  // The app registration is passed per call, so the default connectors serve every app.
  const connector = defaultConnectors[provider];
  if (!connector.exchangeCode) throw new Error(`${provider} has no OAuth code exchange`);
  return connector.exchangeCode({
    baseUrl: endpoints.baseUrl,
    allowedOrigins: endpoints.allowedOrigins,
    code,
    redirectUri,
    app: {
      clientId: endpoints.client.clientId,
      clientSecret: endpoints.client.clientSecret,
      ...(endpoints.tenant ? { tenant: endpoints.tenant } : {}),
    },
    ...(accountId === undefined ? {} : { accountId }),
    signal: AbortSignal.timeout(EXCHANGE_TIMEOUT_MS),
  });
}
