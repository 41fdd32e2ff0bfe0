import type { AccountListRequest, ListedAccount } from '@tributary/core';
import { z } from 'zod';
import { readWholeEdge } from '../facebook-graph/list-edge.ts';
import { GRAPH_VERSION } from './fields.ts';

const managedPage = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  category: z.string().optional(),
  tasks: z.array(z.string()).optional(),
});

/**
 * The Pages the signed-in user manages: `GET /me/accounts`
 * (https://developers.facebook.com/docs/graph-api/reference/user/accounts), every page. Each
 * entry also carries the Page's own access token, which is not asked for here: the token a
 * connection stores is fetched when one is picked (`pageCredentials`), never listed. A Page
 * managed without the MESSAGING task is listed as unavailable, since its inbox is unreadable.
 */
export async function listPages(request: AccountListRequest): Promise<ListedAccount[]> {
  const pages = await readWholeEdge({
    provider: 'FACEBOOK_PAGES',
    baseUrl: request.baseUrl,
    allowedOrigins: request.allowedOrigins,
    path: `/${GRAPH_VERSION}/me/accounts`,
    query: { fields: 'id,name,category,tasks', limit: '100' },
    accessToken: request.credentials.accessToken,
    usageKey: 'FACEBOOK_PAGES:me',
    item: managedPage,
    signal: request.signal,
  });
  return pages.map((page) => {
    const listed: ListedAccount = {
      id: page.id,
      name: page.name || page.id,
      detail: [page.id, page.category].filter(Boolean).join(' · '),
    };
    if (page.tasks && !page.tasks.includes('MESSAGING')) {
      listed.unavailableReason =
        'You manage this Page without the MESSAGING task, so its Messenger inbox cannot be read. Ask a Page admin for Messenger access.';
    }
    return listed;
  });
}
