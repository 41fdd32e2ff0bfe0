import type { SandboxResponse } from '../shared/types.ts';
import { type GraphCall, header, linkTo, odataContext } from './graph-call.ts';
import {
  compareNewestFirst,
  type MailFolder,
  messagesNewestFirst,
  projectMessage,
} from './mailbox.ts';
import {
  inRange,
  parseCount,
  parseMessageSelect,
  parseOrderBy,
  parseReceivedFilter,
  parseTop,
} from './odata-query.ts';
import { decodeListToken, encodeToken } from './sync-token.ts';

/**
 * `GET /users/{id}/mailFolders/{folderId}/messages` (or `/users/{id}/messages` for the whole
 * mailbox): `$select`, `$top`, `$filter` on receivedDateTime, `$orderby=receivedDateTime`,
 * `$count=true`; pages continue by keyset in `$skiptoken`, so mail arriving between pages
 * neither shifts nor repeats items.
 */
export function listMessages(call: GraphCall, folder: MailFolder | null): SandboxResponse {
  const { query } = call.request;
  const select = parseMessageSelect(query);
  const top = parseTop(query, 10);
  const range = parseReceivedFilter(query.get('$filter'));
  const order = parseOrderBy(query);
  const count = parseCount(query, header(call.request, 'ConsistencyLevel'));
  const skipToken = query.get('$skiptoken');
  const after = skipToken ? decodeListToken(skipToken, call.mailbox.epoch).after : null;

  let matching = messagesNewestFirst(call.mailbox).filter(
    (m) => (!folder || m.folderId === folder.id) && inRange(m.receivedMs, range),
  );
  if (order === 'asc') matching = matching.toReversed();
  const direction = order === 'desc' ? 1 : -1;
  const start = after
    ? matching.findIndex(
        (m) => direction * compareNewestFirst(m, { receivedMs: after[0], id: after[1] }) > 0,
      )
    : 0;
  const page = start < 0 ? [] : matching.slice(start, start + top);
  const last = page.at(-1);
  const more = start >= 0 && start + top < matching.length;

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
  if (more && last) {
    const params = new URLSearchParams(query);
    params.set(
      '$skiptoken',
      encodeToken({ e: call.mailbox.epoch, after: [last.receivedMs, last.id] }),
    );
    body['@odata.nextLink'] = linkTo(call, params);
  }
  return { status: 200, body };
}
