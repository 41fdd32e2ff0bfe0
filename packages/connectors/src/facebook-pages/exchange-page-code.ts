import type { AccountListRequest, CodeExchange, Credentials, OAuthApp } from '@tributary/core';
import { z } from 'zod';
import { exchangeGraphCode } from '../facebook-graph/exchange-code.ts';
import { graphGet, graphList, nextAfter } from '../facebook-graph/index.ts';
import { exchangeToken } from './exchange-token.ts';
import { GRAPH_VERSION } from './fields.ts';
import { PageNotGrantedError } from './page-not-granted-error.ts';

const managedPage = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  access_token: z.string().min(1),
  tasks: z.array(z.string()).optional(),
});
const managedPages = graphList(managedPage);
type ManagedPage = z.output<typeof managedPage>;

/**
 * Facebook Login for Pages. The code buys a user token, which Messenger refuses; what the
 * connection needs is the chosen Page's token. So: code → short-lived user token → long-lived
 * user token (`fb_exchange_token`) → `/me/accounts` → that Page's `access_token`, which, being
 * derived from a long-lived user token, does not expire. Only the Page token is kept: the
 * connector's `refresh` would trade a stored refresh token for a *user* token and put it in
 * place of the Page token, and a revoked Page token needs the user to sign in again anyway.
 * Without `accountId` the user token is returned as before.
 */
export async function exchangePageCode(input: CodeExchange): Promise<Credentials> {
  const user = await exchangeGraphCode('FACEBOOK_PAGES', GRAPH_VERSION, input);
  if (input.accountId === undefined) return user;
  return pageCredentials({ ...input, credentials: user, accountId: input.accountId });
}

/**
 * The chosen Page's own token, from a user token: long-lived user token (`fb_exchange_token`),
 * then that Page's `access_token` in `/me/accounts`, refused with PageNotGrantedError when the
 * user does not manage the Page or lacks the MESSAGING task. Both the code exchange and the
 * "sign in, then pick" flow (`accountCredentials`) end here.
 */
export async function pageCredentials(
  request: AccountListRequest & { accountId: string; app: OAuthApp },
): Promise<Credentials> {
  const pageId = request.accountId;
  const context = {
    provider: 'FACEBOOK_PAGES' as const,
    accountId: pageId,
    baseUrl: request.baseUrl,
    allowedOrigins: request.allowedOrigins,
    signal: request.signal,
  };
  const longLived = await exchangeToken(
    { ...context, credentials: { accessToken: request.credentials.accessToken } },
    { appId: request.app.clientId, appSecret: request.app.clientSecret },
  );
  const page = await findManagedPage({ ...context, userToken: longLived.accessToken });
  if (!page) throw new PageNotGrantedError(pageId, 'not_managed');
  if (page.tasks && !page.tasks.includes('MESSAGING'))
    throw new PageNotGrantedError(pageId, 'no_messaging_task', page.tasks);
  return { accessToken: page.access_token };
}

/** Walks `/me/accounts` until the Page turns up; undefined when the user does not manage it. */
async function findManagedPage(request: {
  accountId: string;
  baseUrl: string;
  allowedOrigins: readonly string[];
  userToken: string;
  signal: AbortSignal;
}): Promise<ManagedPage | undefined> {
  let after: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const { body } = await graphGet({
      provider: 'FACEBOOK_PAGES',
      baseUrl: request.baseUrl,
      allowedOrigins: request.allowedOrigins,
      path: `/${GRAPH_VERSION}/me/accounts`,
      query: { fields: 'id,name,access_token,tasks', limit: '100', after },
      accessToken: request.userToken,
      usageKey: `FACEBOOK_PAGES:${request.accountId}`,
      schema: managedPages,
      signal: request.signal,
    });
    const page = body.data.find((entry) => entry.id === request.accountId);
    if (page) return page;
    const next = nextAfter(body.paging);
    // A cursor seen before would loop forever: treat it as the end of the list.
    if (next === null || seen.has(next)) return undefined;
    seen.add(next);
    after = next;
  }
}
