import { describe, expect, it } from 'vitest';
import { explainError } from './explain-error.ts';

describe('explainError', () => {
  it('says an expired mailbox sign-in needs a reconnect, with the raw text as details', () => {
    const e = explainError({
      message:
        'Planning failed: MICROSOFT_MAIL /msgraph/v1.0/users/user_88: HTTP 401 InvalidAuthenticationToken',
    });
    expect(e).toEqual({
      cause: 'Microsoft no longer accepts the sign-in for this mailbox.',
      fix: 'Reconnect the account to sign in again; the sync continues from where it stopped.',
      details:
        'Planning failed: MICROSOFT_MAIL /msgraph/v1.0/users/user_88: HTTP 401 InvalidAuthenticationToken',
    });
  });

  it('reads the stored code of a chunk error first', () => {
    const e = explainError({
      message: 'FACEBOOK_ADS /v21.0/act_1/insights: (#17) User request limit reached',
      code: 'FACEBOOK_ADS:rate_limited:17',
      resumesAt: '2026-12-01T12:34:00Z',
    });
    expect(e?.cause).toBe('Facebook is limiting requests for this ad account.');
    expect(e?.fix).toMatch(/^Nothing to do: we wait and resume automatically at \d\d:\d\d\.$/);
    expect(e?.details).toContain('(FACEBOOK_ADS:rate_limited:17)');
  });

  it('names an account the token cannot see', () => {
    const e = explainError({
      message:
        'FACEBOOK_ADS /v21.0/act_9999: HTTP 400 (#100) Object with ID act_9999 does not exist',
      code: 'FACEBOOK_ADS:permanent:100',
    });
    expect(e?.cause).toBe('Facebook cannot find this ad account, or this sign-in cannot see it.');
  });

  it('keeps errors that are already plain words', () => {
    expect(explainError({ message: 'The previous phase did not complete' })).toEqual({
      cause: 'The previous phase did not complete.',
      fix: '',
      details: null,
    });
    expect(explainError({ message: null })).toBeNull();
  });
});
