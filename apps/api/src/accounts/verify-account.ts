import { connectionTarget, defaultConnectors } from '@tributary/connectors';
import type { AccountInfo, Credentials, ProviderId } from '@tributary/core';
import type { ApiServices } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { providerFailure } from './provider-failure.ts';

/** Retries included; past this the client is told to try again rather than kept waiting. */
const VERIFY_TIMEOUT_MS = 30_000;

/**
 * Asks the provider whether the account exists and the token can read it, the same reads a
 * sync's planning starts with (`describeAccount`), before anything is stored. Throws the typed
 * error a client shows (providerFailure); returns what the provider calls the account.
 */
export async function verifyAccount(
  services: ApiServices,
  input: {
    provider: ProviderId;
    externalAccountId: string;
    sandbox: boolean;
    credentials: Credentials;
  },
): Promise<AccountInfo> {
  const { provider, externalAccountId } = input;
  if (input.sandbox && !services.oauth.sandboxUrl) {
    throw new AppError(
      'PROVIDER_UNAVAILABLE',
      'The provider sandbox is not configured on this server (TRIBUTARY_SANDBOX_URL), so the account cannot be checked.',
    );
  }
  try {
    const target = await connectionTarget(provider, input.sandbox, services.oauth.sandboxUrl);
    return await defaultConnectors[provider].describeAccount({
      provider,
      accountId: externalAccountId,
      ...target,
      credentials: input.credentials,
      signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
    });
  } catch (error) {
    throw providerFailure(error, provider, externalAccountId, 'accessToken');
  }
}
