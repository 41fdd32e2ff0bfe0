import {
  graphError,
  invalidParameter,
  missingToken,
} from '../facebook-graph/graph-error-bodies.ts';
import type { SandboxLoginTokens } from '../facebook-graph/login-tokens.ts';
import { decodeCursor, graphPage } from '../facebook-pages/paging.ts';
import type { SandboxCallContext, SandboxRequest, SandboxResponse } from '../shared/types.ts';
import type { AdAccount } from './ad-account.ts';

/**
 * Fields of an `/me/adaccounts` entry this emulator serves (a subset of the AdAccount node's).
 * https://developers.facebook.com/docs/marketing-api/reference/user/adaccounts
 * https://developers.facebook.com/docs/marketing-api/reference/ad-account
 */
const ENTRY_FIELDS = ['id', 'account_id', 'name', 'account_status', 'currency'] as const;
/** Graph returns only the ids when `fields` is absent. */
const DEFAULT_FIELDS = ['account_id', 'id'] as const;
/** An edge's default page size; Graph caps `limit` per edge, we cap it where Graph does for lists. */
const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 500;

/**
 * `GET /v21.0/me/adaccounts`: the ad accounts the signed-in user has a role on (the sandbox's
 * accounts with `listed` true, in reset order), paged the way Graph pages edges: `limit`, opaque
 * `before`/`after` cursors and a `paging.next` link that is absent on the last page
 * (https://developers.facebook.com/docs/graph-api/results). Only a user token Facebook Login
 * issued has a `me` with ad accounts: any other string is an invalid token (190), a token named
 * `expired…` has expired (190/463), as the error reference says
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling).
 */
export function meAdAccounts(
  request: SandboxRequest,
  context: SandboxCallContext,
  token: string | undefined,
  accounts: readonly AdAccount[],
  loginTokens: SandboxLoginTokens,
  trace: number,
): SandboxResponse {
  if (!token) return missingToken(trace);
  if (token.startsWith('expired')) {
    return graphError(
      400,
      {
        message: 'Error validating access token: Session has expired.',
        code: 190,
        error_subcode: 463,
      },
      trace,
    );
  }
  if (!loginTokens.has(token)) {
    return graphError(
      400,
      { message: 'Invalid OAuth access token - Cannot parse access token', code: 190 },
      trace,
    );
  }
  const fields = entryFields(request.query.get('fields'), trace);
  if ('error' in fields) return fields.error;
  const rawLimit = request.query.get('limit');
  const limit = rawLimit === null ? DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 0) {
    return invalidParameter('Param limit must be a non-negative integer', trace);
  }

  const listed = accounts.filter((account) => account.listed);
  let start = 0;
  const after = request.query.get('after');
  if (after !== null) {
    const match = /^a:(act_\d+)$/.exec(decodeCursor(after) ?? '');
    const index = match ? listed.findIndex((account) => account.id === match[1]) : -1;
    if (index === -1) return invalidParameter('The after cursor is not valid', trace);
    start = index + 1;
  }
  const slice = listed.slice(start, start + Math.min(limit, MAX_LIMIT));
  const keys = slice.length
    ? { first: `a:${slice[0]!.id}`, last: `a:${slice.at(-1)!.id}` }
    : undefined;
  const data = slice.map((account) => {
    const entry: Record<string, unknown> = {
      id: account.id,
      account_id: account.numericId,
      name: account.name,
      account_status: account.accountStatus,
      currency: account.currency,
    };
    return Object.fromEntries(fields.list.map((field) => [field, entry[field]]));
  });
  const url = `${context.baseUrl}${request.path}`;
  const hasMore = start + slice.length < listed.length;
  return { status: 200, body: graphPage(data, keys, hasMore, { url, query: request.query }) };
}

function entryFields(
  raw: string | null,
  trace: number,
): { list: readonly string[] } | { error: SandboxResponse } {
  if (raw === null || raw.trim() === '') return { list: DEFAULT_FIELDS };
  const list = raw
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  const known: readonly string[] = ENTRY_FIELDS;
  const unknown = list.find((field) => !known.includes(field));
  if (unknown !== undefined) {
    return {
      error: invalidParameter(
        `Tried accessing nonexisting field (${unknown}) on node type (AdAccount)`,
        trace,
      ),
    };
  }
  return { list };
}
