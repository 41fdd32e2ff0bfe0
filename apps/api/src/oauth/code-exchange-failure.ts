import { PageNotGrantedError } from '@tributary/connectors';
import { isProviderError } from '@tributary/core';

/**
 * What the dashboard shows when trading the code failed, or null for a failure that is the
 * server's own (logged, and reported as such). Provider messages name the endpoint and the
 * provider's error, never the code or the app secret.
 */
export function codeExchangeFailure(error: unknown): string | null {
  if (error instanceof DOMException && error.name === 'TimeoutError') {
    return 'The provider’s token endpoint did not answer in time; try again.';
  }
  // The code was good; the signed-in user cannot hand over the chosen Page. Its message says so.
  if (error instanceof PageNotGrantedError) return error.message;
  if (!isProviderError(error)) return null;
  switch (error.kind) {
    case 'permanent':
    case 'auth_expired':
    case 'request_too_large':
      return `The provider refused the authorization code: ${error.message}`;
    case 'retryable':
    case 'rate_limited':
      return `The provider’s token endpoint did not answer (${error.message}); try again.`;
    case 'malformed':
      return `The provider answered the code exchange without usable tokens (${error.message})`;
    default: {
      const unreachable: never = error.kind;
      return unreachable;
    }
  }
}
