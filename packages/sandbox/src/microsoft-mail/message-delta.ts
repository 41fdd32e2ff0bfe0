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
/** https://learn.microsoft.com/graph/delta-query-messages: a filtered round's ceiling. */
export const FILTERED_DELTA_CAP = 5000;

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
    // https://learn.microsoft.com/graph/delta-query-messages: `$filter` only as
    // `receivedDateTime ge|gt {value}`, `$orderby` only `receivedDateTime desc`, and
    // `changeType` (created, updated, deleted) picks the changes later rounds report.
    const range = parseReceivedFilter(query.get('$filter'));
    if (
      range.leMs !== undefined ||
      range.ltMs !== undefined ||
      (range.geMs !== undefined && range.gtMs !== undefined)
    ) {
      throw new GraphError(
        400,
        'ErrorInvalidUrlQueryFilter',
        "Delta queries support only the filter expressions 'receivedDateTime ge <date>' and 'receivedDateTime gt <date>'.",
      );
    }
    const orderby = query.get('$orderby');
    if (orderby !== null && !/^receivedDateTime\s+desc$/i.test(orderby.trim())) {
      throw new GraphError(
        400,
        'ErrorInvalidUrlQuery',
        "Delta queries support only the order expression 'receivedDateTime desc'.",
      );
    }
    const changeType = query.get('changeType');
    if (changeType !== null && !['created', 'updated', 'deleted'].includes(changeType)) {
      throw new GraphError(
        400,
        'ErrorInvalidUrlQuery',
        `The changeType '${changeType}' is not valid: use created, updated or deleted.`,
      );
    }
    state = {
      e: mailbox.epoch,
      folder: folder.id,
      select: parseMessageSelect(query),
      sinceMs: range.geMs ?? range.gtMs ?? null,
      sinceExclusive: range.gtMs !== undefined,
      newestFirst: orderby !== null,
      changeType: (changeType as DeltaSkip['changeType']) ?? null,
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
  const received = (item: { receivedMs: number }) =>
    since === null || (state.sinceExclusive ? item.receivedMs > since : item.receivedMs >= since);
  let page: (Message | Tombstone)[];
  let nextAfter: [number, string] | null = null;
  if (state.phase === 'initial') {
    let items = messagesNewestFirst(mailbox).filter((m) => m.folderId === folder.id && received(m));
    // Without `$orderby` "the return order isn't guaranteed": here it is id order.
    if (!state.newestFirst)
      items = items.toSorted((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // "Applying $filter in a delta query returns only up to 5,000 messages."
    if (since !== null) items = items.slice(0, FILTERED_DELTA_CAP);
    const after = state.after;
    const start = after
      ? state.newestFirst
        ? items.findIndex((m) => compareNewestFirst(m, { receivedMs: after[0], id: after[1] }) > 0)
        : items.findIndex((m) => m.id > after[1])
      : 0;
    page = start < 0 ? [] : items.slice(start, start + pageSize);
    const last = page.at(-1);
    if (last && start + pageSize < items.length) nextAfter = [last.receivedMs, last.id];
  } else {
    const wanted = (item: Message | Tombstone) => {
      if (!state.changeType) return true;
      if (state.changeType === 'deleted') return !('subject' in item);
      if (!('subject' in item)) return false;
      const created = item.createdVersion > state.from;
      return state.changeType === 'created' ? created : !created;
    };
    const changed = (item: Message | Tombstone) =>
      item.folderId === folder.id &&
      item.version > state.from &&
      item.version <= state.to &&
      received(item) &&
      wanted(item);
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
      sinceExclusive: state.sinceExclusive,
      newestFirst: state.newestFirst,
      changeType: state.changeType,
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
