import type { AccountListRequest, ListedAccount } from '@tributary/core';
import { z } from 'zod';
import { graphGet } from './graph-get.ts';
import { graphUrl } from './graph-url.ts';

const signedInUser = z
  .object({
    id: z.string().min(1),
    displayName: z.string().nullish(),
    mail: z.string().nullish(),
    userPrincipalName: z.string().nullish(),
  })
  .loose();

/**
 * The one mailbox a delegated token reads: the signed-in user's, from `GET /me`
 * (https://learn.microsoft.com/graph/api/user-get). Its `id` is what the connection names, so
 * the connection keeps working if the address changes. `mail` is null for an account without
 * an Exchange mailbox; the sign-in name (userPrincipalName) is shown then.
 */
export async function listMailbox(request: AccountListRequest): Promise<ListedAccount[]> {
  const context = {
    provider: 'MICROSOFT_MAIL' as const,
    accountId: 'me',
    baseUrl: request.baseUrl,
    allowedOrigins: request.allowedOrigins,
    credentials: request.credentials,
    signal: request.signal,
  };
  const { body } = await graphGet(
    context,
    graphUrl(request.baseUrl, '/me', { $select: 'id,displayName,mail,userPrincipalName' }),
    signedInUser,
  );
  const address = body.mail ?? body.userPrincipalName ?? undefined;
  const listed: ListedAccount = { id: body.id, name: body.displayName || address || body.id };
  if (address) listed.detail = address;
  return [listed];
}
