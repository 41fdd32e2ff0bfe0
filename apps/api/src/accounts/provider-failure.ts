import { isProviderError, type ProviderId } from '@tributary/core';
import { AppError, NotFoundError, ValidationError } from '../errors/app-error.ts';

const NAMES: Record<ProviderId, string> = {
  FACEBOOK_ADS: 'Facebook',
  FACEBOOK_PAGES: 'Facebook',
  MICROSOFT_MAIL: 'Microsoft',
};

/**
 * A provider's refusal while checking or listing accounts, as the typed error a client acts on:
 * a token it rejects is the input's fault (ValidationError on `tokenField`), an account it
 * does not show is NOT_FOUND, anything transient is PROVIDER_UNAVAILABLE. Provider messages
 * keep only their first sentence: no fbtrace ids or URLs reach the client.
 */
export function providerFailure(
  error: unknown,
  provider: ProviderId,
  accountId: string | null,
  tokenField: string,
): AppError {
  if (error instanceof AppError) return error;
  const name = NAMES[provider];
  if (!isProviderError(error)) {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return new AppError('PROVIDER_UNAVAILABLE', `${name} did not answer in time; try again.`);
    }
    throw error;
  }
  switch (error.kind) {
    case 'auth_expired':
      return new ValidationError(
        tokenField,
        `${name} refused this token (it is invalid, expired or revoked): sign in again or paste a fresh token.`,
      );
    case 'permanent':
      if (accountId !== null) {
        return new NotFoundError(
          'ProviderAccount',
          accountId,
          `${name} has no account ${accountId} that this token can read (${error.httpStatus ?? 'no'} response${error.providerCode ? `, code ${error.providerCode}` : ''}). Check the id, or sign in and pick the account from the list.`,
        );
      }
      return new ValidationError(
        tokenField,
        `${name} refused to list the accounts for this token (${error.providerCode ? `code ${error.providerCode}` : `HTTP ${error.httpStatus ?? '?'}`}): sign in again and grant access.`,
      );
    case 'retryable':
    case 'rate_limited':
    case 'malformed':
    case 'request_too_large':
      return new AppError(
        'PROVIDER_UNAVAILABLE',
        `${name} could not be asked just now (${error.kind.replace('_', ' ')}); nothing changed, try again.`,
      );
    default: {
      const unknown: never = error.kind;
      throw new Error(`unknown provider error kind ${String(unknown)}`);
    }
  }
}
