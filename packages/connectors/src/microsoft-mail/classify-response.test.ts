import { describe, expect, it } from 'vitest';
import { classifyMicrosoftResponse } from './classify-response.ts';
import { parseRetryAfter } from './retry-after.ts';

const ENDPOINT = '/v1.0/users/user_3001/mailFolders/inbox/messages';

function graphBody(code: string, message: string) {
  return JSON.stringify({
    error: {
      code,
      message,
      innerError: {
        date: '2025-03-04T10:11:12',
        'request-id': '4b2c1e8a-0000-4000-8000-1a2b3c4d5e6f',
        'client-request-id': '4b2c1e8a-0000-4000-8000-1a2b3c4d5e6f',
      },
    },
  });
}

function classify(status: number, text: string, headers: Record<string, string> = {}) {
  return classifyMicrosoftResponse({
    status,
    headers: new Headers(headers),
    text,
    endpoint: ENDPOINT,
  });
}

describe('classifyMicrosoftResponse', () => {
  it('fails a 400 bad filter permanently, naming the endpoint and Graph code', () => {
    const error = classify(
      400,
      graphBody(
        'ErrorInvalidUrlQueryFilter',
        'The query filter contains one or more invalid nodes.',
      ),
    );
    expect(error).toMatchObject({
      kind: 'permanent',
      httpStatus: 400,
      providerCode: 'ErrorInvalidUrlQueryFilter',
    });
    expect(error.message).toContain(ENDPOINT);
    expect(error.message).toContain('request-id 4b2c1e8a');
  });

  it('maps 401 InvalidAuthenticationToken to auth_expired', () => {
    const error = classify(
      401,
      graphBody('InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.'),
      { 'WWW-Authenticate': 'Bearer realm=""' },
    );
    expect(error).toMatchObject({
      kind: 'auth_expired',
      providerCode: 'InvalidAuthenticationToken',
    });
    expect(error.code).toBe('MICROSOFT_MAIL:auth_expired:InvalidAuthenticationToken');
  });

  it('maps 429 with Retry-After to rate_limited after that many seconds', () => {
    for (const code of ['ApplicationThrottled', 'MailboxConcurrency']) {
      const error = classify(
        429,
        graphBody(code, 'Application is over its MailboxConcurrency limit.'),
        {
          'Retry-After': '38',
        },
      );
      expect(error).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 38_000,
        providerCode: code,
      });
    }
  });

  it('treats 503 as throttling only when it says when to come back', () => {
    const body = graphBody('ServiceUnavailable', 'Service Unavailable');
    expect(classify(503, body, { 'Retry-After': '5' })).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 5000,
    });
    expect(classify(503, body)).toMatchObject({ kind: 'retryable', retryAfterMs: undefined });
  });

  it('retries other 5xx, HTML gateway pages included', () => {
    expect(classify(500, graphBody('InternalServerError', 'boom'))).toMatchObject({
      kind: 'retryable',
    });
    const gateway = classify(504, '<html><body>Gateway Timeout</body></html>');
    expect(gateway).toMatchObject({ kind: 'retryable', providerCode: undefined, httpStatus: 504 });
    expect(gateway.message).toContain('Gateway Timeout');
  });

  it('keeps 410 SyncStateNotFound permanent with its code, for the engine to re-read', () => {
    const error = classify(
      410,
      graphBody('SyncStateNotFound', 'The sync state generation is not found or expired.'),
    );
    expect(error).toMatchObject({
      kind: 'permanent',
      httpStatus: 410,
      providerCode: 'SyncStateNotFound',
    });
  });

  it('asks the engine to split on a page-size limit', () => {
    expect(classify(400, graphBody('ErrorExceededFindCountLimit', 'too many'))).toMatchObject({
      kind: 'request_too_large',
    });
  });

  it('fails 403 and 404 permanently', () => {
    expect(classify(403, graphBody('ErrorAccessDenied', 'Access is denied.'))).toMatchObject({
      kind: 'permanent',
    });
    expect(classify(404, graphBody('ErrorItemNotFound', 'Not found.'))).toMatchObject({
      kind: 'permanent',
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('2015-10-21T07:28:00Z')),
    ).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
