import type { SandboxResponse } from '../shared/types.ts';
import { type GraphCall, linkTo, odataContext } from './graph-call.ts';
import { GraphError } from './graph-error.ts';
import { type MailFolder, messagesNewestFirst, projectMessage } from './mailbox.ts';
import { removeMessages } from './mutate-mailbox.ts';
import {
  inRange,
  parseCount,
  parseMessageSelect,
  parseOrderBy,
  parseReceivedFilter,
  parseTop,
} from './odata-query.ts';

/**
 * `GET /users/{id}/mailFolders/{folderId}/messages` (or `/users/{id}/messages` for the whole
 * mailbox): `$select`, `$top`, `$filter` on receivedDateTime, `$orderby=receivedDateTime`,
 * `$count=true`. Pages continue by offset: `@odata.nextLink` carries `$skip`, as Outlook's list
 * APIs page ("This API uses the `$skip` value to keep count of all the items it has gone
 * through": https://learn.microsoft.com/graph/api/user-list-messages), so a message moved or
 * deleted between two pages shifts the later ones: the next page skips an unread message.
 */
export function listMessages(call: GraphCall, folder: MailFolder | null): SandboxResponse {
  const { query } = call.request;
  const select = parseMessageSelect(query);
  const top = parseTop(query, 10);
  const range = parseReceivedFilter(query.get('$filter'));
  const order = parseOrderBy(query);
  const count = parseCount(query);
  const rawSkip = query.get('$skip') ?? '0';
  if (!/^\d+$/.test(rawSkip)) {
    throw new GraphError(400, 'BadRequest', `Invalid $skip value '${rawSkip}'.`);
  }
  const skip = Number(rawSkip);
  if (skip > 0) churnBeforePage(call, folder, skip);

  let matching = messagesNewestFirst(call.mailbox).filter(
    (m) => (!folder || m.folderId === folder.id) && inRange(m.receivedMs, range),
  );
  if (order === 'asc') matching = matching.toReversed();
  const page = matching.slice(skip, skip + top);
  const more = skip + top < matching.length;

  const body: Record<string, unknown> = {
    '@odata.context': odataContext(
      call,
      `users('${call.mailbox.userId}')/${folder ? `mailFolders('${folder.id}')/` : ''}messages`,
    ),
  };
  if (count) body['@odata.count'] = matching.length;
  body.value = page.map((m) => ({
    '@odata.etag': `W/"${m.changeKey}"`,
    ...projectMessage(m, select),
  }));
  if (more) {
    const params = new URLSearchParams(query);
    params.set('$skip', String(skip + top));
    body['@odata.nextLink'] = linkTo(call, params);
  }
  return { status: 200, body };
}

/**
 * The `listChurn` fault: before a next page is served, that many messages the client already
 * read on this listing are deleted, so every later page starts that many items further on.
 */
function churnBeforePage(call: GraphCall, folder: MailFolder | null, skip: number): void {
  const churn = call.context.faults?.listChurn ?? 0;
  if (churn <= 0) return;
  const read = messagesNewestFirst(call.mailbox)
    .filter((m) => !folder || m.folderId === folder.id)
    .slice(0, skip);
  const victims = read.slice(0, churn).map((m) => m.id);
  if (victims.length > 0) removeMessages(call.mailbox, victims, call.context.now);
}
