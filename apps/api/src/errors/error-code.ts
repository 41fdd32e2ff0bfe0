/**
 * The stable codes of errors a client is meant to handle: `Error.code` in mutation results and
 * `extensions.code` of top-level errors. Integrators switch on these, so values are only ever
 * added, never renamed.
 */
export const ERROR_CODES = {
  VALIDATION: 'The input was rejected; nothing changed.',
  NOT_FOUND: 'No such object in the caller’s workspace.',
  INVALID_STATE: 'The object cannot do that in its current state.',
  SYNC_ALREADY_RUNNING: 'The connection already has a sync in progress.',
  ALREADY_CONNECTED: 'The workspace already has a connection for that account.',
  UNAUTHENTICATED: 'No valid API key was sent.',
  FORBIDDEN: 'The API key may not do that (a read-only key and a mutation).',
  RATE_LIMITED: 'Too many requests for this API key; retry after the given seconds.',
  OAUTH_NOT_CONFIGURED: 'The server has no OAuth app for that provider.',
  PROVIDER_UNAVAILABLE:
    'The provider could not be asked (down, throttling or answering garbage); nothing changed, try again.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
