import { defaultConnectors, PageNotGrantedError } from '@tributary/connectors';
import type { Credentials, ListedAccount } from '@tributary/core';
import { openCredentials } from '@tributary/db';
import type { ApiServices } from '../context.ts';
import { NotFoundError, ValidationError } from '../errors/app-error.ts';
import { providerEndpoints } from '../oauth/provider-endpoints.ts';
import { findSignIn, type SignInRow } from '../oauth/sign-ins.ts';
import { providerFailure } from './provider-failure.ts';

const LIST_TIMEOUT_MS = 30_000;

export type SignedIn = { signIn: SignInRow; credentials: Credentials; accounts: ListedAccount[] };

/** The caller's sign-in for a grant, or the NOT_FOUND a stale or foreign grant gets. */
export async function requireSignIn(
  services: ApiServices,
  workspaceId: string,
  grant: string,
): Promise<SignInRow> {
  const signIn = await findSignIn(services.pool, workspaceId, grant);
  if (!signIn) {
    throw new NotFoundError(
      'SignIn',
      'grant',
      'This sign-in expired or was not made in this workspace: sign in again.',
    );
  }
  return signIn;
}

/**
 * The accounts a sign-in's token sees, asked of the provider each time (never cached), through
 * the connector's listing and the same endpoints the code was exchanged at.
 */
export async function listSignedInAccounts(
  services: ApiServices,
  signIn: SignInRow,
): Promise<SignedIn> {
  const credentials = openCredentials(services.secretKey, signIn.credentials);
  const connector = defaultConnectors[signIn.provider];
  if (!connector.listAccounts) throw new Error(`${signIn.provider} cannot list accounts`);
  try {
    const endpoints = await providerEndpoints(services.oauth, signIn.provider, signIn.sandbox);
    const accounts = await connector.listAccounts({
      baseUrl: endpoints.baseUrl,
      allowedOrigins: endpoints.allowedOrigins,
      credentials,
      signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
    });
    return { signIn, credentials, accounts };
  } catch (error) {
    throw providerFailure(error, signIn.provider, null, 'signIn');
  }
}

/** What a connection to a picked account stores: the Page's own token, or the user's. */
export async function pickedCredentials(
  services: ApiServices,
  signedIn: SignedIn,
  accountId: string,
): Promise<Credentials> {
  const { provider, sandbox } = signedIn.signIn;
  const connector = defaultConnectors[provider];
  if (!connector.accountCredentials) return signedIn.credentials;
  try {
    const endpoints = await providerEndpoints(services.oauth, provider, sandbox);
    return await connector.accountCredentials({
      baseUrl: endpoints.baseUrl,
      allowedOrigins: endpoints.allowedOrigins,
      credentials: signedIn.credentials,
      accountId,
      app: {
        clientId: endpoints.client.clientId,
        clientSecret: endpoints.client.clientSecret,
        ...(endpoints.tenant ? { tenant: endpoints.tenant } : {}),
      },
      signal: AbortSignal.timeout(LIST_TIMEOUT_MS),
    });
  } catch (error) {
    // The user manages the Page without MESSAGING, or not at all: Facebook's own words say which.
    if (error instanceof PageNotGrantedError) {
      throw new ValidationError('externalAccountId', error.message);
    }
    throw providerFailure(error, provider, accountId, 'signIn');
  }
}
