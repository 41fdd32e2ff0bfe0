import type { SandboxResponse } from '../shared/types.ts';

/**
 * Graph error answers as Graph shapes them: `{error: {message, type, code, error_subcode,
 * fbtrace_id}}` (plus `is_transient` on transient failures), with the codes of the error
 * reference: 1 unknown, 2 service (temporary), 100 invalid parameter, 104 no token, 190
 * expired/invalid token (subcode 463 expired).
 * https://developers.facebook.com/docs/graph-api/guides/error-handling
 */
export function graphError(
  status: number,
  error: {
    message: string;
    type?: string;
    code: number;
    error_subcode?: number;
    is_transient?: boolean;
    error_user_title?: string;
    error_user_msg?: string;
  },
  traceSeed: string | number,
  headers: Record<string, string> = {},
): SandboxResponse {
  const type = error.type ?? 'OAuthException';
  const body = {
    error: {
      message: error.message,
      type,
      ...(error.is_transient === undefined ? {} : { is_transient: error.is_transient }),
      code: error.code,
      ...(error.error_subcode === undefined ? {} : { error_subcode: error.error_subcode }),
      ...(error.error_user_title === undefined
        ? {}
        : { error_user_title: error.error_user_title, error_user_msg: error.error_user_msg }),
      fbtrace_id: traceId(traceSeed),
    },
  };
  const auth: Record<string, string> =
    type === 'OAuthException' ? { 'www-authenticate': wwwAuthenticate(error.message) } : {};
  return { status, headers: { ...auth, ...headers }, body };
}

export function invalidParameter(message: string, traceSeed: string | number): SandboxResponse {
  return graphError(400, { message: `(#100) ${message}`, code: 100 }, traceSeed);
}

export function unsupportedGet(id: string, traceSeed: string | number): SandboxResponse {
  return graphError(
    400,
    {
      message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      type: 'GraphMethodException',
      code: 100,
      error_subcode: 33,
    },
    traceSeed,
  );
}

export function missingToken(traceSeed: string | number): SandboxResponse {
  return graphError(
    400,
    { message: 'An access token is required to request this resource.', code: 104 },
    traceSeed,
  );
}

export function expiredToken(now: Date, traceSeed: string | number): SandboxResponse {
  const expired = new Date(now.getTime() - 3_600_000).toUTCString();
  return graphError(
    400,
    {
      message: `Error validating access token: Session has expired on ${expired}. The current time is ${now.toUTCString()}.`,
      code: 190,
      error_subcode: 463,
    },
    traceSeed,
  );
}

export function transientError(traceSeed: string | number): SandboxResponse {
  return graphError(
    500,
    {
      message: 'An unexpected error has occurred. Please retry your request later.',
      code: 2,
      is_transient: true,
    },
    traceSeed,
  );
}

/**
 * The insights data-per-call limit: code 100, subcode 1487534 ("too many rows"), answered
 * to a synchronous read and recorded on an async report run that asks for more rows than
 * one call may carry. The documented cure is a smaller query: fewer objects or a shorter range.
 * https://developers.facebook.com/docs/marketing-api/insights/error-codes
 * https://developers.facebook.com/docs/marketing-api/insights/best-practices
 */
export const TOO_MANY_ROWS = {
  code: 100,
  error_subcode: 1487534,
  message: "(#100) Please reduce the amount of data you're asking for, then retry your request",
  error_user_title: 'Too Many Rows',
  error_user_msg:
    'The number of rows in this query is too large. Please reduce the date range or the number of objects and try again.',
} as const;

export function tooMuchData(traceSeed: string | number): SandboxResponse {
  return graphError(400, { ...TOO_MANY_ROWS, type: 'OAuthException' }, traceSeed);
}

/** Graph's trace ids look like `AbCdEfGhIjKlMnOpQrStUvW`. */
function traceId(seed: string | number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let n = Math.abs(Number.parseInt(String(seed).replace(/\D/g, '').slice(-9) || '7', 10)) + 1;
  let out = 'A';
  for (let i = 0; i < 22; i++) {
    n = (Math.imul(n, 1103515245) + 12345) >>> 0;
    out += alphabet[n % alphabet.length];
  }
  return out;
}

/** Graph repeats the error in `WWW-Authenticate` on OAuth failures. */
function wwwAuthenticate(message: string): string {
  return `OAuth "Facebook Platform" "invalid_request" "${message.replace(/"/g, "'")}"`;
}
