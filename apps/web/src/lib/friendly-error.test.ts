import { describe, expect, it } from 'vitest';
import { friendlyMutationError, friendlyRequestError } from './friendly-error.ts';

describe('friendlyMutationError', () => {
  it('replaces known error types with sentences a user can act on', () => {
    expect(friendlyMutationError('NotFoundError', 'SyncJob 123 not found')).toBe(
      'That item no longer exists. It may have been removed.',
    );
    expect(friendlyMutationError('JobNotCancellableError', 'status SUCCEEDED')).toMatch(
      /already finished/,
    );
  });
  it('recognises conflicts by their message, whatever their type', () => {
    expect(
      friendlyMutationError(
        'InvalidStateError',
        'A sync is already running for this connection (job da8350bd-7cd1)',
      ),
    ).toBe('Another sync of this connection is running. Try again when it finishes.');
    expect(
      friendlyMutationError('InvalidStateError', 'FACEBOOK_ADS account act_1 is already connected'),
    ).toBe('That account is already connected.');
  });
  it('keeps validation details, which are written for people', () => {
    expect(friendlyMutationError('ValidationError', 'externalAccountId must start with act_')).toBe(
      'Some of the details are not valid. ExternalAccountId must start with act_.',
    );
  });
  it('falls back to the message, tidied into a sentence', () => {
    expect(friendlyMutationError('SomethingNewError', 'the connection is paused')).toBe(
      'The connection is paused.',
    );
    expect(friendlyMutationError('SomethingNewError', null)).toBe(
      'Something went wrong. Please try again.',
    );
  });
});

describe('friendlyRequestError', () => {
  it('is null when there is no error', () => {
    expect(friendlyRequestError(null)).toBeNull();
  });
  it('explains a rejected key', () => {
    expect(friendlyRequestError({ response: { status: 401 } })).toMatch(/API key was not accepted/);
    expect(
      friendlyRequestError({
        graphQLErrors: [{ message: 'Not authenticated', extensions: { code: 'UNAUTHENTICATED' } }],
      }),
    ).toMatch(/API key was not accepted/);
  });
  it('hides internal server errors behind a calm sentence', () => {
    expect(
      friendlyRequestError({
        graphQLErrors: [
          { message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
        ],
      }),
    ).toBe('The server hit an unexpected problem. Try again in a moment.');
  });
  it('says the server is unreachable on network errors', () => {
    expect(friendlyRequestError({ networkError: { message: 'Failed to fetch' } })).toMatch(
      /Cannot reach the Tributary server/,
    );
  });
  it('strips urql prefixes from other messages', () => {
    expect(friendlyRequestError({ graphQLErrors: [{ message: '[GraphQL] job is gone' }] })).toBe(
      'Job is gone.',
    );
  });
});
