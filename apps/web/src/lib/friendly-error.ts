/**
 * Turns what the API says went wrong (a typed mutation error's __typename and message, a
 * GraphQL error, or a network failure) into a sentence a user can act on.
 */

const BY_TYPENAME: Record<string, string> = {
  UnauthenticatedError: 'Your API key was not accepted. Sign in again with a valid key.',
  AuthenticationError: 'Your API key was not accepted. Sign in again with a valid key.',
  ForbiddenError: 'This API key cannot do that in this workspace.',
  NotFoundError: 'That item no longer exists. It may have been removed.',
  ValidationError: 'Some of the details are not valid.',
  InvalidStateError: 'That cannot be done right now.',
  AuthError: 'Your API key was not accepted. Sign in again with a valid key.',
  RateLimitedError: 'Too many requests right now. Wait a moment and try again.',
  AlreadyConnectedError: 'That account is already connected.',
  ConnectionExistsError: 'That account is already connected.',
  DuplicateConnectionError: 'That account is already connected.',
  ConnectionNotActiveError: 'This connection is not active. Reconnect the account first.',
  ConnectionNeedsReauthError:
    'The provider no longer accepts this connection’s token. Reconnect the account.',
  SyncAlreadyRunningError: 'A sync is already running for this connection.',
  JobNotCancellableError: 'This sync has already finished, so there is nothing to cancel.',
  JobNotResumableError: 'Only cancelled or failed syncs can be resumed.',
  NoFailedChunksError: 'There are no failed chunks to retry.',
  InvalidTokenError: 'The provider rejected that access token. Check it and try again.',
  ProviderError: 'The provider returned an error.',
};

/** Types whose message is worth keeping (written for people: which field, which state). */
const KEEP_MESSAGE_FOR = new Set(['ValidationError', 'InvalidStateError', 'ProviderError']);

/** Messages that say more than their type: the API reports these as InvalidStateError. */
const BY_MESSAGE: [RegExp, string][] = [
  [/already running/i, 'Another sync of this connection is running. Try again when it finishes.'],
  [/already connected/i, 'That account is already connected.'],
];

export function friendlyMutationError(typename: string, message?: string | null): string {
  for (const [pattern, text] of BY_MESSAGE) if (message && pattern.test(message)) return text;
  const known = BY_TYPENAME[typename];
  if (known && KEEP_MESSAGE_FOR.has(typename) && message) return `${known} ${sentence(message)}`;
  if (known) return known;
  if (message) return sentence(message);
  return 'Something went wrong. Please try again.';
}

type ErrorLike = {
  networkError?: { message?: string } | undefined;
  graphQLErrors?: readonly { message: string; extensions?: Record<string, unknown> }[];
  response?: { status?: number } | undefined;
  message?: string;
};

/** An urql CombinedError (or anything shaped like it) → one sentence. */
export function friendlyRequestError(error: ErrorLike | null | undefined): string | null {
  if (!error) return null;
  const status = error.response?.status;
  if (status === 401) return BY_TYPENAME.UnauthenticatedError!;
  const first = error.graphQLErrors?.[0];
  if (first) {
    const code = first.extensions?.code;
    if (code === 'UNAUTHENTICATED' || /unauthori[sz]ed|api key/i.test(first.message)) {
      return BY_TYPENAME.UnauthenticatedError!;
    }
    if (code === 'FORBIDDEN') return BY_TYPENAME.ForbiddenError!;
    if (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED') {
      return `The request was not accepted: ${sentence(first.message)}`;
    }
    if (code === 'INTERNAL_SERVER_ERROR' || /unexpected error/i.test(first.message)) {
      return 'The server hit an unexpected problem. Try again in a moment.';
    }
    return sentence(first.message);
  }
  if (error.networkError) {
    return 'Cannot reach the Tributary server. Check that it is running, then try again.';
  }
  return error.message ? sentence(error.message) : 'Something went wrong. Please try again.';
}

function sentence(text: string): string {
  const trimmed = text.replace(/^\[(GraphQL|Network)\]\s*/, '').trim();
  if (!trimmed) return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
