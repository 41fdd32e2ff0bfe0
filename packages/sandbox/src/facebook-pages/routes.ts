import type { SandboxCallContext, SandboxRequest, SandboxResponse } from '../shared/types.ts';
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
import { type PageAccount, updatedMs } from './page-account.ts';
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

  const nodeUrl = `${context.baseUrl}/${version}/${id}`;
  if (id === account.page.id) {
    if (edge === undefined) return node('Page', pageJson(account), request.query);
    if (edge === 'conversations')
      return conversations(account, request.query, `${nodeUrl}/conversations`);
    return graphErrors.nonexistingField(edge, 'Page');
  }
  const conversation = account.conversation(id);
  if (conversation) {
    if (edge === undefined)
      return node('PageConversation', conversationJson(account, conversation), request.query);
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
  return ok(pickFields(full, fields.list));
}

function conversations(account: PageAccount, query: URLSearchParams, url: string): SandboxResponse {
  const platform = query.get('platform');
  if (platform !== null && platform !== 'messenger' && platform !== 'instagram')
    return graphErrors.invalidParameter(`Param platform must be one of {MESSENGER, INSTAGRAM}`);
  const fields = requestedFields('PageConversation', query);
  if ('error' in fields) return fields.error;
  const limit = parseLimit(query);
  if (typeof limit !== 'number') return limit;

  // The sandbox Page has no linked Instagram account: its Instagram inbox is empty.
  const all = platform === 'instagram' ? [] : account.conversationsNewestFirst();
  let start = 0;
  const after = query.get('after');
  if (after !== null) {
    const key = decodeCursor(after);
    const match = key ? /^(\d+):(.+)$/.exec(key) : null;
    if (!match) return graphErrors.invalidParameter('The after cursor is not valid');
    const [ms, id] = [Number(match[1]), match[2]!];
    // First item strictly older than the cursor in (updated_time, id) descending order.
    start = all.findIndex((c) => updatedMs(c) < ms || (updatedMs(c) === ms && c.id < id));
    if (start === -1) start = all.length;
  }
  const slice = all.slice(start, start + limit);
  const keyOf = (c: (typeof slice)[number]) => `${updatedMs(c)}:${c.id}`;
  const keys = slice.length ? { first: keyOf(slice[0]!), last: keyOf(slice.at(-1)!) } : undefined;
  const data = slice.map((c) => pickFields(conversationJson(account, c), fields.list));
  return ok(graphPage(data, keys, start + limit < all.length, { url, query }));
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

  let below = conversation.messages.length;
  const after = query.get('after');
  if (after !== null) {
    const match = /^m:(\d+)$/.exec(decodeCursor(after) ?? '');
    if (!match) return graphErrors.invalidParameter('The after cursor is not valid');
    below = Math.min(Number(match[1]), below);
  }
  // Newest first: walk down from just below the cursor's ordinal.
  const slice = conversation.messages.slice(Math.max(0, below - limit), below).reverse();
  const keys = slice.length
    ? { first: `m:${slice[0]!.ordinal}`, last: `m:${slice.at(-1)!.ordinal}` }
    : undefined;
  const data = slice.map((m) => pickFields(messageJson(account, conversation, m), fields.list));
  return ok(graphPage(data, keys, below - limit > 0, { url, query }));
}

function requestedFields(
  type: NodeType,
  query: URLSearchParams,
): { list: readonly string[] } | { error: SandboxResponse } {
  const raw = query.get('fields');
  if (raw === null || raw.trim() === '') return { list: DEFAULT_FIELDS[type] };
  const list = raw
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const known: readonly string[] = NODE_FIELDS[type];
  const unknown = list.find((f) => !known.includes(f));
  if (unknown !== undefined) return { error: graphErrors.nonexistingField(unknown, type) };
  return { list };
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
