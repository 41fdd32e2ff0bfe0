import type { SandboxResponse } from '../shared/types.ts';
import { type GraphCall, header, linkTo, odataContext } from './graph-call.ts';
import { GraphError } from './graph-error.ts';
import {
  compareNewestFirst,
  type MailFolder,
  type Message,
  messagesNewestFirst,
  projectMessage,
  type Tombstone,
} from './mailbox.ts';
import {
  parseMessageSelect,
  parseReceivedFilter,
  parseTop,
  preferredPageSize,
} from './odata-query.ts';
import {
  type DeltaSkip,
  decodeDeltaSkip,
  decodeDeltaToken,
  encodeToken,
  syncStateNotFound,
} from './sync-token.ts';

/** Graph's default delta page size for messages. */
const DEFAULT_PAGE_SIZE = 10;

/**
 * `GET /users/{id}/mailFolders/{folderId}/messages/delta`. Without a token it starts a round
 * over the folder's live messages; `$skiptoken` continues a round; `$deltatoken` starts a round
 * over what changed since the token was issued: changed messages in full, removed ones as
 * `{id, @removed: {reason: 'deleted'}}`. The last page of a round carries `@odata.deltaLink`.
 */
export function messageDelta(call: GraphCall, folder: MailFolder): SandboxResponse {
  const { query } = call.request;
  const { mailbox } = call;
  const requestedSize =
    preferredPageSize(header(call.request, 'Prefer')) ??
    (query.has('$top') ? parseTop(query, DEFAULT_PAGE_SIZE) : undefined);
  let state: DeltaSkip;
  const skipToken = query.get('$skiptoken');
  const deltaToken = query.get('$deltatoken');
  if (skipToken) {
    state = decodeDeltaSkip(skipToken, mailbox.epoch);
  } else if (deltaToken) {
    const token = decodeDeltaToken(deltaToken, mailbox.epoch);
    if (call.context.now.getTime() - token.issuedMs >= mailbox.deltaTokenMaxAgeMs) {
      throw syncStateNotFound();
    }
    state = {
      ...token,
      phase: 'changes',
      from: token.version,
      to: mailbox.version,
      after: null,
      pageSize: DEFAULT_PAGE_SIZE,
    };
  } else {
    const range = parseReceivedFilter(query.get('$filter'));
    if (range.gtMs !== undefined || range.leMs !== undefined || range.ltMs !== undefined) {
      throw new GraphError(
        400,
        'ErrorInvalidUrlQueryFilter',
        "Delta queries support only the filter expression 'receivedDateTime ge <date>'.",
      );
    }
    state = {
      e: mailbox.epoch,
      folder: folder.id,
      select: parseMessageSelect(query),
      sinceMs: range.geMs ?? null,
      phase: 'initial',
      from: 0,
      to: mailbox.version,
      after: null,
      pageSize: DEFAULT_PAGE_SIZE,
    };
  }
  if (state.folder !== folder.id) throw syncStateNotFound();
  const pageSize = requestedSize ?? state.pageSize;

  const since = state.sinceMs;
  const received = (item: { receivedMs: number }) => since === null || item.receivedMs >= since;
  let page: (Message | Tombstone)[];
  let nextAfter: [number, string] | null = null;
  if (state.phase === 'initial') {
    const items = messagesNewestFirst(mailbox).filter(
      (m) => m.folderId === folder.id && received(m),
    );
    const after = state.after;
    const start = after
      ? items.findIndex((m) => compareNewestFirst(m, { receivedMs: after[0], id: after[1] }) > 0)
      : 0;
    page = start < 0 ? [] : items.slice(start, start + pageSize);
    const last = page.at(-1);
    if (last && start + pageSize < items.length) nextAfter = [last.receivedMs, last.id];
  } else {
    const changed = (item: Message | Tombstone) =>
      item.folderId === folder.id &&
      item.version > state.from &&
      item.version <= state.to &&
      received(item);
    const items = [...mailbox.messages.values(), ...mailbox.tombstones]
      .filter(changed)
      .sort((a, b) => a.version - b.version || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const after = state.after;
    const start = after
      ? items.findIndex((m) => m.version > after[0] || (m.version === after[0] && m.id > after[1]))
      : 0;
    page = start < 0 ? [] : items.slice(start, start + pageSize);
    const last = page.at(-1);
    if (last && start + pageSize < items.length) nextAfter = [last.version, last.id];
  }

  const body: Record<string, unknown> = {
    '@odata.context': odataContext(
      call,
      `users('${mailbox.userId}')/mailFolders('${folder.id}')/messages/delta`,
    ),
    value: page.map((item) =>
      'subject' in item
        ? {
            '@odata.type': '#microsoft.graph.message',
            '@odata.etag': `W/"${item.changeKey}"`,
            ...projectMessage(item, state.select),
          }
        : {
            '@odata.type': '#microsoft.graph.message',
            id: item.id,
            '@removed': { reason: 'deleted' },
          },
    ),
  };
  if (nextAfter) {
    const next = { ...state, after: nextAfter, pageSize };
    body['@odata.nextLink'] = linkTo(call, new URLSearchParams({ $skiptoken: encodeToken(next) }));
  } else {
    const token = {
      e: state.e,
      folder: state.folder,
      select: state.select,
      sinceMs: state.sinceMs,
      version: state.to,
      issuedMs: call.context.now.getTime(),
    };
    body['@odata.deltaLink'] = linkTo(
      call,
      new URLSearchParams({ $deltatoken: encodeToken(token) }),
    );
  }
  return {
    status: 200,
    headers: requestedSize ? { 'Preference-Applied': `odata.maxpagesize=${pageSize}` } : {},
    body,
  };
}
