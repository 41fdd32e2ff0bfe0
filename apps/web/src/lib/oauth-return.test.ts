import { describe, expect, it } from 'vitest';
import { extractOAuthOutcome } from './oauth-return.ts';

describe('extractOAuthOutcome', () => {
  it('reads a connected outcome and strips it from the URL', () => {
    const { outcome, cleanUrl } = extractOAuthOutcome(
      'http://127.0.0.1:4000/?x=1#oauth=connected&connectionId=Q29u&jobId=U3lu',
    );
    expect(outcome).toEqual({
      kind: 'connected',
      connectionId: 'Q29u',
      jobId: 'U3lu',
      reauthorized: false,
    });
    expect(cleanUrl).toBe('http://127.0.0.1:4000/?x=1');
  });

  it('reads a re-authorisation without a job', () => {
    const { outcome } = extractOAuthOutcome(
      'http://h/#oauth=connected&connectionId=Q29u&reauthorized=true',
    );
    expect(outcome).toEqual({
      kind: 'connected',
      connectionId: 'Q29u',
      jobId: null,
      reauthorized: true,
    });
  });

  it('reads a sign-in waiting for its account to be picked, and strips its grant', () => {
    const { outcome, cleanUrl } = extractOAuthOutcome(
      'http://h/#oauth=signed-in&signIn=Zm9vYmFy&provider=FACEBOOK_ADS',
    );
    expect(outcome).toEqual({ kind: 'signed-in', signIn: 'Zm9vYmFy', provider: 'FACEBOOK_ADS' });
    expect(cleanUrl).toBe('http://h/');
  });

  it('reads an error message', () => {
    const { outcome, cleanUrl } = extractOAuthOutcome(
      'http://h/history#oauth=error&message=Access+was+not+granted',
    );
    expect(outcome).toEqual({ kind: 'error', message: 'Access was not granted' });
    expect(cleanUrl).toBe('http://h/history');
  });

  it('leaves other fragment keys, such as a sign-in key, in place', () => {
    const { outcome, cleanUrl } = extractOAuthOutcome(
      'http://h/#key=trib_abc&oauth=connected&connectionId=Q29u',
    );
    expect(outcome?.kind).toBe('connected');
    expect(cleanUrl).toBe('http://h/#key=trib_abc');
  });

  it('ignores a URL without an outcome, and a malformed one', () => {
    expect(extractOAuthOutcome('http://h/#key=abc')).toEqual({
      outcome: null,
      cleanUrl: 'http://h/#key=abc',
    });
    expect(extractOAuthOutcome('http://h/#oauth=connected').outcome).toBeNull();
  });
});
