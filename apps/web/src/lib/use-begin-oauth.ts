import { useState } from 'react';
import { useMutation } from 'urql';
import type {
  BeginOAuthConnectionMutation,
  BeginOAuthConnectionMutationVariables,
  Provider,
} from '../generated/graphql.ts';
import { BEGIN_OAUTH_CONNECTION_MUTATION } from '../graphql/mutations.ts';
import { mutationOutcome } from './mutation-outcome.ts';
import { currentReturnPath } from './oauth-return.ts';

export type OAuthTarget = {
  provider: Provider;
  /** Omitted: sign in first, then pick from the accounts the sign-in sees. */
  externalAccountId?: string;
  displayName?: string | null;
  sandbox: boolean;
};

/**
 * Starts the provider's OAuth flow and leaves for its consent screen; the API's callback
 * brings the browser back to this page. Resolves with an error message when it cannot start.
 */
export function useBeginOAuth(): {
  begin: (target: OAuthTarget) => Promise<string | null>;
  redirecting: boolean;
} {
  const [redirecting, setRedirecting] = useState(false);
  const [, beginOAuthConnection] = useMutation<
    BeginOAuthConnectionMutation,
    BeginOAuthConnectionMutationVariables
  >(BEGIN_OAUTH_CONNECTION_MUTATION);
  const begin = async (target: OAuthTarget) => {
    setRedirecting(true);
    const outcome = mutationOutcome<string>(
      await beginOAuthConnection({ input: { ...target, returnTo: currentReturnPath() } }),
      'beginOAuthConnection',
      'authorizeUrl',
    );
    if (!outcome.ok) {
      setRedirecting(false);
      return outcome.message;
    }
    // Stays "redirecting" while the browser leaves.
    window.location.assign(outcome.value);
    return null;
  };
  return { begin, redirecting };
}
