import { describe, expect, it } from 'vitest';
import { classifyGraphError } from './classify-graph-error.ts';

// Bodies as the Graph API documents them (graph-api/guides/error-handling, marketing-api rate limiting).
function classify(status: number, body: unknown, headers: Record<string, string> = {}) {
  return classifyGraphError({
    provider: 'FACEBOOK_ADS',
    endpoint: '/v21.0/act_1001/insights',
    status,
    headers: new Headers(headers),
    text: body === undefined ? '' : JSON.stringify(body),
  });
}

describe('classifyGraphError', () => {
  it('reads an expired session (190/463) as auth_expired, naming provider, endpoint and code', () => {
    const error = classify(400, {
      error: {
        message:
          'Error validating access token: Session has expired on Tuesday, 01-Apr-25 10:00:00 PDT.',
        type: 'OAuthException',
        code: 190,
        error_subcode: 463,
        fbtrace_id: 'AbCdEfGhIjK',
      },
    });
    expect(error.kind).toBe('auth_expired');
    expect(error.code).toBe('FACEBOOK_ADS:auth_expired:190');
    expect(error.message).toContain('FACEBOOK_ADS /v21.0/act_1001/insights: HTTP 400 code 190/463');
    expect(error.message).toContain('AbCdEfGhIjK');
  });

  it('reads API session (102) and the 467 subcode as auth_expired', () => {
    expect(classify(400, { error: { message: 'Session key invalid', code: 102 } }).kind).toBe(
      'auth_expired',
    );
    expect(
      classify(400, { error: { message: 'Invalid token', code: 2500, error_subcode: 467 } }).kind,
    ).toBe('auth_expired');
  });

  it.each([4, 17, 32, 613, 80000, 80004, 80014])('reads code %i as rate_limited', (code) => {
    const error = classify(400, {
      error: {
        message: `(#${code}) too many calls`,
        type: 'OAuthException',
        code,
        is_transient: true,
      },
    });
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(60_000);
  });

  it('takes the wait from estimated_time_to_regain_access (minutes) first', () => {
    const error = classify(
      400,
      {
        error: {
          message: '(#80004) There have been too many calls to this ad-account.',
          code: 80004,
          error_subcode: 2446079,
        },
      },
      {
        'x-business-use-case-usage': JSON.stringify({
          '1000001001': [
            {
              type: 'ads_management',
              call_count: 100,
              total_cputime: 20,
              total_time: 30,
              estimated_time_to_regain_access: 5,
            },
          ],
        }),
        'x-ad-account-usage': JSON.stringify({ acc_id_util_pct: 100, reset_time_duration: 42 }),
      },
    );
    expect(error.retryAfterMs).toBe(300_000);
    expect(error.providerCode).toBe('80004');
  });

  it('falls back to the ad account reset_time_duration (seconds), then x-app-usage', () => {
    const byReset = classify(
      400,
      { error: { message: '(#17) User request limit reached', code: 17, error_subcode: 2446079 } },
      {
        'x-ad-account-usage': JSON.stringify({
          acc_id_util_pct: 100,
          reset_time_duration: 42,
          ads_api_access_tier: 'standard_access',
        }),
      },
    );
    expect(byReset.retryAfterMs).toBe(42_000);
    const byApp = classify(
      400,
      { error: { message: '(#4) Application request limit reached', code: 4 } },
      { 'x-app-usage': JSON.stringify({ call_count: 100, total_cputime: 10, total_time: 12 }) },
    );
    expect(byApp.retryAfterMs).toBe(300_000);
  });

  // https://developers.facebook.com/docs/marketing-api/insights/error-codes: 100/1487534 is the
  // data-per-call limit, answered by a smaller query; other code 100s are bad parameters.
  it('reads "too many rows" (100/1487534) as request_too_large, other code 100s as permanent', () => {
    const tooMany = classify(400, {
      error: {
        message:
          "(#100) Please reduce the amount of data you're asking for, then retry your request",
        code: 100,
        error_subcode: 1487534,
        type: 'OAuthException',
      },
    });
    expect(tooMany).toMatchObject({ kind: 'request_too_large', providerCode: '100' });
    expect(tooMany.message).toContain('code 100/1487534');
    const badParam = classify(400, { error: { message: '(#100) Invalid parameter', code: 100 } });
    expect(badParam.kind).toBe('permanent');
  });

  it('reads "reduce the amount of data" (code 1) as request_too_large, other code 1/2 as retryable', () => {
    const tooLarge = classify(500, {
      error: {
        message: "Please reduce the amount of data you're asking for, then retry your request",
        code: 1,
        type: 'OAuthException',
      },
    });
    expect(tooLarge.kind).toBe('request_too_large');
    expect(classify(500, { error: { message: 'An unknown error occurred', code: 1 } }).kind).toBe(
      'retryable',
    );
    expect(
      classify(500, {
        error: {
          message: 'An unexpected error has occurred. Please retry your request later.',
          code: 2,
          is_transient: true,
        },
      }).kind,
    ).toBe('retryable');
  });

  it('reads an is_transient error of any code as retryable', () => {
    expect(
      classify(400, { error: { message: 'Temporary issue', code: 368, is_transient: true } }).kind,
    ).toBe('retryable');
  });

  it('reads a 5xx without a body as retryable and a 4xx without one as permanent', () => {
    expect(classify(502, undefined).kind).toBe('retryable');
    expect(classify(503, undefined).message).toContain('HTTP 503: empty body');
    expect(classify(404, undefined).kind).toBe('permanent');
  });

  it('reads anything else, such as an invalid parameter (100), as permanent', () => {
    const error = classify(400, {
      error: {
        message: '(#100) Tried accessing nonexisting field (foo) on node type (Campaign)',
        type: 'OAuthException',
        code: 100,
      },
    });
    expect(error.kind).toBe('permanent');
    expect(error.retryAfterMs).toBeUndefined();
  });
});
