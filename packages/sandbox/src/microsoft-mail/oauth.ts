import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../shared/types.ts';

/**
 * Microsoft identity platform v2 endpoints: `/{tenant}/oauth2/v2.0/authorize` redirects back
 * with a code, `/{tenant}/oauth2/v2.0/token` exchanges a code or refresh token. Errors use
 * AAD's OAuth shape `{error, error_description, error_codes, timestamp, trace_id, correlation_id}`.
 */
/** Issued authorization codes → the redirect_uri they were issued for; redeemed ones are removed. */
export type IssuedCodes = { pending: Map<string, string>; redeemed: Set<string> };

export function createIssuedCodes(): IssuedCodes {
  return { pending: new Map(), redeemed: new Set() };
}

export function authorize(request: SandboxRequest, now: Date, codes: IssuedCodes): SandboxResponse {
  const q = request.query;
  const missing = ['client_id', 'response_type', 'redirect_uri'].find((p) => !q.get(p));
  if (missing)
    return oauthError(
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${missing}'.`,
      now,
    );
  if (q.get('response_type') !== 'code') {
    return oauthError(
      400,
      'unsupported_response_type',
      700054,
      "The app requested response_type 'code' only.",
      now,
    );
  }
  const redirect = new URL(q.get('redirect_uri')!);
  const code = `M.C5${randomBytes(24).toString('base64url')}`;
  codes.pending.set(code, q.get('redirect_uri')!);
  redirect.searchParams.set('code', code);
  const state = q.get('state');
  if (state !== null) redirect.searchParams.set('state', state);
  return { status: 302, headers: { Location: redirect.toString() }, body: '' };
}

export function token(request: SandboxRequest, now: Date, codes: IssuedCodes): SandboxResponse {
  const form = formOf(request.body);
  const grant = form.get('grant_type');
  if (!form.get('client_id')) {
    return oauthError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
      now,
    );
  }
  if (grant === 'authorization_code') {
    if (!form.get('code')) {
      return oauthError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'code'.",
        now,
      );
    }
    const refused = redeem(codes, form.get('code')!, form.get('redirect_uri'), now);
    if (refused) return refused;
  } else if (grant === 'refresh_token') {
    if (!form.get('refresh_token')) {
      return oauthError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'refresh_token'.",
        now,
      );
    }
  } else {
    return oauthError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grant ?? ''}'.`,
      now,
    );
  }
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    body: {
      token_type: 'Bearer',
      scope: form.get('scope') ?? 'https://graph.microsoft.com/Mail.Read offline_access',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: `EwBsandbox.${randomBytes(24).toString('base64url')}`,
      refresh_token: `M.C5sandbox.${randomBytes(24).toString('base64url')}`,
    },
  };
}

/** A code works once, with the redirect_uri it was issued for (AAD's invalid_grant otherwise). */
function redeem(
  codes: IssuedCodes,
  code: string,
  redirectUri: string | null,
  now: Date,
): SandboxResponse | undefined {
  if (codes.redeemed.has(code)) {
    return oauthError(
      400,
      'invalid_grant',
      54005,
      'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
      now,
    );
  }
  const issuedFor = codes.pending.get(code);
  if (issuedFor === undefined) {
    return oauthError(
      400,
      'invalid_grant',
      70000,
      "The provided value for the 'code' parameter is not valid.",
      now,
    );
  }
  if (redirectUri !== issuedFor) {
    return oauthError(
      400,
      'invalid_grant',
      50148,
      'The redirect_uri does not match the one used to obtain the authorization code.',
      now,
    );
  }
  codes.pending.delete(code);
  codes.redeemed.add(code);
  return undefined;
}

function formOf(body: unknown): URLSearchParams {
  if (body instanceof URLSearchParams) return body;
  if (typeof body === 'string') return new URLSearchParams(body);
  if (typeof body === 'object' && body !== null) {
    const entries = Object.entries(body).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    );
    return new URLSearchParams(entries);
  }
  return new URLSearchParams();
}

function oauthError(
  status: number,
  error: string,
  code: number,
  message: string,
  now: Date,
): SandboxResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${now.toISOString()}`,
      error_codes: [code],
      timestamp: now.toISOString(),
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}
