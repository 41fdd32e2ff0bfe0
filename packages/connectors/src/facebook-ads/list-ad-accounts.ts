import type { AccountListRequest, ListedAccount } from '@tributary/core';
import { z } from 'zod';
import { readWholeEdge } from '../facebook-graph/list-edge.ts';
import { GRAPH_VERSION } from './fields.ts';

const adAccount = z.looseObject({
  id: z.string().regex(/^act_\d+$/),
  name: z.string().optional(),
  account_status: z.number().int().optional(),
  currency: z.string().optional(),
});

/**
 * `account_status` values of the AdAccount node
 * (https://developers.facebook.com/docs/marketing-api/reference/ad-account).
 */
const ACCOUNT_STATUS: Readonly<Record<number, string>> = {
  1: 'Active',
  2: 'Disabled',
  3: 'Unsettled',
  7: 'Pending risk review',
  8: 'Pending settlement',
  9: 'In grace period',
  100: 'Pending closure',
  101: 'Closed',
  201: 'Any active',
  202: 'Any closed',
};

/**
 * The ad accounts the signed-in user has a role on: `GET /me/adaccounts`
 * (https://developers.facebook.com/docs/marketing-api/reference/user/adaccounts), every page.
 * A disabled or closed account stays listed with its status: its history is still readable.
 */
export async function listAdAccounts(request: AccountListRequest): Promise<ListedAccount[]> {
  const accounts = await readWholeEdge({
    provider: 'FACEBOOK_ADS',
    baseUrl: request.baseUrl,
    allowedOrigins: request.allowedOrigins,
    path: `/${GRAPH_VERSION}/me/adaccounts`,
    query: { fields: 'id,account_id,name,account_status,currency', limit: '100' },
    accessToken: request.credentials.accessToken,
    usageKey: 'FACEBOOK_ADS:me',
    item: adAccount,
    signal: request.signal,
  });
  return accounts.map((account) => {
    const status =
      account.account_status === undefined ? undefined : ACCOUNT_STATUS[account.account_status];
    const detail = [account.id, account.currency, status].filter(Boolean).join(' · ');
    return { id: account.id, name: account.name || account.id, detail };
  });
}
