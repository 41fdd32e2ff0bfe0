import type { SandboxResponse } from '../shared/types.ts';
import { type GraphCall, linkTo, odataContext } from './graph-call.ts';
import { GraphError } from './graph-error.ts';
import { childFoldersOf, folderJson, type MailFolder } from './mailbox.ts';
import { parseTop } from './odata-query.ts';

/**
 * `GET /users/{id}/mailFolders` (top-level folders only, as in Graph) and, with a parent,
 * `GET /users/{id}/mailFolders/{parentId}/childFolders`: `$top` (default 10) and `$skip`
 * paging, as Graph pages folders.
 */
export function listFolders(call: GraphCall, parent: MailFolder | null): SandboxResponse {
  const { query } = call.request;
  const top = parseTop(query, 10);
  const rawSkip = query.get('$skip') ?? '0';
  if (!/^\d+$/.test(rawSkip)) {
    throw new GraphError(400, 'BadRequest', `Invalid $skip value '${rawSkip}'.`);
  }
  const skip = Number(rawSkip);
  const { mailbox } = call;
  const folders = childFoldersOf(mailbox, parent ? parent.id : mailbox.rootFolderId);
  const resource = parent
    ? `users('${mailbox.userId}')/mailFolders('${parent.id}')/childFolders`
    : `users('${mailbox.userId}')/mailFolders`;
  const body: Record<string, unknown> = {
    '@odata.context': odataContext(call, resource),
    value: folders.slice(skip, skip + top).map((f) => folderJson(mailbox, f)),
  };
  if (skip + top < folders.length) {
    const params = new URLSearchParams(query);
    params.set('$skip', String(skip + top));
    body['@odata.nextLink'] = linkTo(call, params);
  }
  return { status: 200, body };
}
