import type { SandboxCallContext, SandboxRequest, SandboxResponse } from '../shared/types.ts';
import { type FieldSpec, FieldSyntaxError, parseFieldList } from './field-expansion.ts';
import { graphErrors } from './graph-errors.ts';
import {
  conversationJson,
  DEFAULT_FIELDS,
  messageJson,
  NODE_FIELDS,
  type NodeType,
  pageJson,
  pickFields,
} from './graph-json.ts';
import { type PageAccount, type StoredConversation, updatedMs } from './page-account.ts';
import { decodeCursor, graphPage } from './paging.ts';

const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 25;

export type AccountLookup = (pageId: string) => PageAccount | undefined;

/** Graph node and edge reads for Pages, conversations and messages (`/v21.0/{id}[/{edge}]`). */
export function handleGraphRead(
  request: SandboxRequest,
  context: SandboxCallContext,
  lookup: AccountLookup,
  pageIdOf: (id: string) => string | undefined,
): SandboxResponse {
  const [, version, id, edge, ...rest] = request.path.split('/');
  if (!version || !id || rest.length > 0) return graphErrors.unknownPath();
  if (request.method !== 'GET') return graphErrors.unknownPath();

  const pageId = pageIdOf(id);
  const account = pageId ? lookup(pageId) : undefined;
  if (!account) return graphErrors.unknownObject(id);

  const versionUrl = `${context.baseUrl}/${version}`;
  const nodeUrl = `${versionUrl}/${id}`;
  if (id === account.page.id) {
    if (edge === undefined) return node('Page', pageJson(account), request.query);
    if (edge === 'conversations') return conversations(account, request.query, versionUrl);
    return graphErrors.nonexistingField(edge, 'Page');
  }
  const conversation = account.conversation(id);
  if (conversation) {
    if (edge === undefined) {
      const fields = requestedFields('PageConversation', request.query);
      if ('error' in fields) return fields.error;
      return ok(conversationWithFields(account, conversation, fields.list, versionUrl));
    }
    if (edge === 'messages') return messages(account, id, request.query, `${nodeUrl}/messages`);
    return graphErrors.nonexistingField(edge, 'PageConversation');
  }
  const found = account.message(id);
  if (found && edge === undefined)
    return node('Message', messageJson(account, found.conversation, found.message), request.query);
  if (found) return graphErrors.nonexistingField(edge!, 'Message');
  return graphErrors.unknownObject(id);
}

function node(
  type: NodeType,
  full: Record<string, unknown>,
  query: URLSearchParams,
): SandboxResponse {
  const fields = requestedFields(type, query);
  if ('error' in fields) return fields.error;
  return ok(pickFields(full, names(fields.list)));
}

function conversations(
  account: PageAccount,
  query: URLSearchParams,
  versionUrl: string,
): SandboxResponse {
  // https://developers.facebook.com/docs/graph-api/reference/page/conversations: `platform`
  // ({messenger, instagram}) picks the inbox, `user_id` keeps the conversations with that person.
  const platform = query.get('platform');
  if (platform !== null && platform !== 'messenger' && platform !== 'instagram')
    return graphErrors.invalidParameter(`Param platform must be one of {MESSENGER, INSTAGRAM}`);
  const userId = query.get('user_id');
  if (userId !== null && !/^\d+$/.test(userId))
    return graphErrors.invalidParameter('Param user_id must be a valid ID');
  const fields = requestedFields('PageConversation', query);
  if ('error' in fields) return fields.error;
  const limit = parseLimit(query);
  if (typeof limit !== 'number') return limit;

  // The sandbox Page has no linked Instagram account: its Instagram inbox is empty.
  let all = platform === 'instagram' ? [] : account.conversationsNewestFirst();
  if (userId !== null) all = all.filter((c) => c.customer.id === userId);
  let start = 0;
  const after = query.get('after');
  if (after !== null) {
    const key = decodeCursor(after);
    const match = key ? /^(\d+):(.+)$/.exec(key) : null;
    if (!match) return graphErrors.invalidParameter('The after cursor is not valid');
    const [ms, id] = [Number(match[1]), match[2]!];
    start = firstOlderThan(all, ms, id);
  }
  const slice = all.slice(start, start + limit);
  const keyOf = (c: (typeof slice)[number]) => `${updatedMs(c)}:${c.id}`;
  const keys = slice.length ? { first: keyOf(slice[0]!), last: keyOf(slice.at(-1)!) } : undefined;
  const data = slice.map((c) => conversationWithFields(account, c, fields.list, versionUrl));
  const url = `${versionUrl}/${account.page.id}/conversations`;
  return ok(graphPage(data, keys, start + limit < all.length, { url, query }));
}

/**
 * Index of the first conversation strictly older than the cursor's (updated_time, id) in the
 * edge's descending order: a binary search, so a page deep in a large inbox costs what the
 * first one does.
 */
function firstOlderThan(all: readonly StoredConversation[], ms: number, id: string): number {
  let low = 0;
  let high = all.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const c = all[mid]!;
    const older = updatedMs(c) < ms || (updatedMs(c) === ms && c.id < id);
    if (older) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * A conversation with the requested fields; `messages` is its messages edge expanded inline
 * (newest first, `.limit(n)`, default 25, nested field list), paged like the edge itself.
 * https://developers.facebook.com/docs/graph-api/guides/field-expansion
 */
function conversationWithFields(
  account: PageAccount,
  conversation: StoredConversation,
  fields: readonly FieldSpec[],
  versionUrl: string,
): Record<string, unknown> {
  const json = pickFields(conversationJson(account, conversation), names(fields));
  const edge = fields.find((f) => f.name === 'messages');
  if (!edge) return json;
  const messageFields = edge.fields ? names(edge.fields) : DEFAULT_FIELDS.Message;
  const limit = Math.min(Math.max(edge.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
  const query = new URLSearchParams({ fields: messageFields.join(','), limit: String(limit) });
  const out: Record<string, unknown> = {};
  // Graph keeps the order the fields were asked for.
  for (const field of fields) {
    if (field.name === 'messages')
      out.messages = messagesPage(account, conversation, messageFields, limit, null, {
        url: `${versionUrl}/${conversation.id}/messages`,
        query,
      });
    else if (json[field.name] !== undefined) out[field.name] = json[field.name];
  }
  return out;
}

function messages(
  account: PageAccount,
  conversationId: string,
  query: URLSearchParams,
  url: string,
): SandboxResponse {
  const conversation = account.conversation(conversationId)!;
  const fields = requestedFields('Message', query);
  if ('error' in fields) return fields.error;
  const limit = parseLimit(query);
  if (typeof limit !== 'number') return limit;
  let below: number | null = null;
  const after = query.get('after');
  if (after !== null) {
    const match = /^m:(\d+)$/.exec(decodeCursor(after) ?? '');
    if (!match) return graphErrors.invalidParameter('The after cursor is not valid');
    below = Number(match[1]);
  }
  return ok(messagesPage(account, conversation, names(fields.list), limit, below, { url, query }));
}

/** One page of a conversation's messages, newest first, below the `after` cursor's ordinal. */
function messagesPage(
  account: PageAccount,
  conversation: StoredConversation,
  fields: readonly string[],
  limit: number,
  belowOrdinal: number | null,
  nextBase: { url: string; query: URLSearchParams },
) {
  const below = Math.min(
    belowOrdinal ?? conversation.messages.length,
    conversation.messages.length,
  );
  const slice = conversation.messages.slice(Math.max(0, below - limit), below).reverse();
  const keys = slice.length
    ? { first: `m:${slice[0]!.ordinal}`, last: `m:${slice.at(-1)!.ordinal}` }
    : undefined;
  const data = slice.map((m) => pickFields(messageJson(account, conversation, m), fields));
  return graphPage(data, keys, below - limit > 0, nextBase);
}

/** Edges a node type can expand inline through `fields` (field expansion). */
const EXPANDABLE: Partial<Record<NodeType, readonly string[]>> = { PageConversation: ['messages'] };

function requestedFields(
  type: NodeType,
  query: URLSearchParams,
): { list: readonly FieldSpec[] } | { error: SandboxResponse } {
  const raw = query.get('fields');
  if (raw === null || raw.trim() === '')
    return { list: DEFAULT_FIELDS[type].map((name) => ({ name })) };
  let list: FieldSpec[];
  try {
    list = parseFieldList(raw);
  } catch (error) {
    if (error instanceof FieldSyntaxError)
      return { error: graphErrors.invalidParameter(error.message) };
    throw error;
  }
  const known: readonly string[] = NODE_FIELDS[type];
  const edges = EXPANDABLE[type] ?? [];
  for (const field of list) {
    if (edges.includes(field.name)) {
      const unknown = field.fields?.find(
        (f) => !NODE_FIELDS.Message.includes(f.name as never) || f.fields,
      );
      if (unknown) return { error: graphErrors.nonexistingField(unknown.name, 'Message') };
      continue;
    }
    if (!known.includes(field.name))
      return { error: graphErrors.nonexistingField(field.name, type) };
    // Modifiers and nested fields only apply to edges and object fields.
    if (field.limit !== undefined || field.fields)
      return { error: graphErrors.invalidParameter(`Field ${field.name} cannot be expanded`) };
  }
  return { list };
}

function names(fields: readonly FieldSpec[]): string[] {
  return fields.map((f) => f.name);
}

export function parseLimit(query: URLSearchParams): number | SandboxResponse {
  const raw = query.get('limit');
  if (raw === null) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 0)
    return graphErrors.invalidParameter('Param limit must be a non-negative integer');
  // Graph silently caps oversized limits.
  return Math.min(Math.max(limit, 1), MAX_LIMIT);
}

export function ok(body: unknown): SandboxResponse {
  return { status: 200, headers: { 'content-type': 'application/json; charset=UTF-8' }, body };
}
