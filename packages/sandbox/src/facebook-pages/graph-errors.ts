import type { SandboxResponse } from '../shared/types.ts';

type GraphErrorBody = {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
};

let traceCounter = 0;

/**
 * A Graph error response: `{error: {message, type, code, error_subcode?, fbtrace_id}}`.
 * https://developers.facebook.com/docs/graph-api/guides/error-handling
 */
export function graphError(
  status: number,
  error: GraphErrorBody,
  headers: Record<string, string> = {},
): SandboxResponse {
  traceCounter = (traceCounter + 1) % 1_000_000;
  const fbtrace_id = `Sbx${traceCounter.toString(36).padStart(8, '0')}`;
  return {
    status,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...headers },
    body: { error: { ...error, fbtrace_id } },
  };
}

export const graphErrors = {
  missingToken: () =>
    graphError(400, {
      message: 'An active access token must be used to query information about the current user.',
      type: 'OAuthException',
      code: 2500,
    }),
  tokenExpired: () =>
    graphError(
      400,
      {
        message:
          'Error validating access token: Session has expired on Tuesday, 01-Apr-25 10:00:00 PDT. The current time is later.',
        type: 'OAuthException',
        code: 190,
        error_subcode: 463,
      },
      { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token" "Session has expired"' },
    ),
  /** A token Facebook never issued. */
  invalidToken: () =>
    graphError(
      400,
      {
        message: 'Invalid OAuth access token - Cannot parse access token',
        type: 'OAuthException',
        code: 190,
      },
      {
        'www-authenticate':
          'OAuth "Facebook Platform" "invalid_token" "Invalid OAuth access token"',
      },
    ),
  /** A Page token used on another Page's objects. */
  wrongPageToken: (tokenPage: string, requestedPage: string) =>
    graphError(400, {
      message: `(#190) This Page access token belongs to Page ${tokenPage}, but this call is for Page ${requestedPage}`,
      type: 'OAuthException',
      code: 190,
    }),
  unknownObject: (id: string) =>
    graphError(400, {
      message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      type: 'GraphMethodException',
      code: 100,
      error_subcode: 33,
    }),
  unknownPath: () =>
    graphError(400, {
      message: 'Unknown path components: the requested edge does not exist.',
      type: 'OAuthException',
      code: 2500,
    }),
  nonexistingField: (field: string, nodeType: string) =>
    graphError(400, {
      message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})`,
      type: 'OAuthException',
      code: 100,
    }),
  invalidParameter: (message: string) =>
    graphError(400, { message: `(#100) ${message}`, type: 'OAuthException', code: 100 }),
  pageRateLimited: (headers: Record<string, string>) =>
    graphError(
      400,
      {
        message: 'There have been too many calls to this Page account. Wait a bit and try again.',
        type: 'OAuthException',
        code: 80001,
        is_transient: true,
        error_subcode: 2446079,
      },
      headers,
    ),
  transient: () =>
    graphError(500, {
      message: 'An unexpected error has occurred. Please retry your request later.',
      type: 'OAuthException',
      code: 2,
      is_transient: true,
    }),
  tooMuchData: () =>
    graphError(500, {
      message: "Please reduce the amount of data you're asking for, then retry your request",
      type: 'OAuthException',
      code: 1,
    }),
};
