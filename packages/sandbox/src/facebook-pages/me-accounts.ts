import type { SandboxLoginTokens } from '../facebook-graph/login-tokens.ts';
import type { SandboxCallContext, SandboxRequest, SandboxResponse } from '../shared/types.ts';
import { graphErrors } from './graph-errors.ts';
import { PAGE_TASKS, type PageAccountConfig } from './page-account.ts';
import type { PageTokens } from './page-tokens.ts';
import { decodeCursor, graphPage } from './paging.ts';
import { ok, parseLimit } from './routes.ts';

/** Fields of a `/me/accounts` entry (a Page as its manager sees it). */
const ENTRY_FIELDS = ['id', 'name', 'category', 'link', 'access_token', 'tasks'] as const;
/** What Graph returns when `fields` is absent. */
const DEFAULT_ENTRY_FIELDS = ['access_token', 'category', 'name', 'id', 'tasks'] as const;

/**
 * `GET /v21.0/me/accounts`: the Pages the signed-in user manages, each with a Page access token
 * derived from the user token and the user's tasks on it, in the configured order, paged with
 * `limit` and keyset `after` cursors. Pages configured `managed: false` are not listed. Only a
 * user token Facebook Login issued may ask: a Page token's `me` is the Page, which has no
 * `accounts` edge, and any other string is an invalid token.
 */
export function meAccounts(
  request: SandboxRequest,
  context: SandboxCallContext,
  token: string,
  configs: readonly PageAccountConfig[],
  tokens: PageTokens,
  loginTokens: SandboxLoginTokens,
): SandboxResponse {
  if (tokens.pageOf(token) !== undefined) return graphErrors.nonexistingField('accounts', 'Page');
  if (!loginTokens.has(token)) return graphErrors.invalidToken();

  const fields = entryFields(request.query);
  if ('error' in fields) return fields.error;
  const limit = parseLimit(request.query);
  if (typeof limit !== 'number') return limit;

  const managed = configs.filter((config) => config.managed !== false);
  let start = 0;
  const after = request.query.get('after');
  if (after !== null) {
    const match = /^p:(.+)$/.exec(decodeCursor(after) ?? '');
    const index = match ? managed.findIndex((config) => config.id === match[1]) : -1;
    if (index === -1) return graphErrors.invalidParameter('The after cursor is not valid');
    start = index + 1;
  }
  const slice = managed.slice(start, start + limit);
  const keys = slice.length
    ? { first: `p:${slice[0]!.id}`, last: `p:${slice.at(-1)!.id}` }
    : undefined;
  const data = slice.map((config) => {
    const entry: Record<string, unknown> = {
      id: config.id,
      name: config.name,
      category: 'Shopping & retail',
      link: `https://www.facebook.com/${config.id}`,
      access_token: tokens.issue(config.id, token),
      tasks: [...(config.tasks ?? PAGE_TASKS)],
    };
    return Object.fromEntries(fields.list.map((field) => [field, entry[field]]));
  });
  const url = `${context.baseUrl}${request.path}`;
  return ok(graphPage(data, keys, start + limit < managed.length, { url, query: request.query }));
}

function entryFields(
  query: URLSearchParams,
): { list: readonly string[] } | { error: SandboxResponse } {
  const raw = query.get('fields');
  if (raw === null || raw.trim() === '') return { list: DEFAULT_ENTRY_FIELDS };
  const list = raw
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  const known: readonly string[] = ENTRY_FIELDS;
  const unknown = list.find((field) => !known.includes(field));
  if (unknown !== undefined) return { error: graphErrors.nonexistingField(unknown, 'Page') };
  return { list };
}
