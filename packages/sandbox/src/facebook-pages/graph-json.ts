import { graphTime } from './graph-time.ts';
import type { PageAccount, Person, StoredConversation, StoredMessage } from './page-account.ts';

/** Every field the emulator can return per node type; anything else is Graph error #100. */
export const NODE_FIELDS = {
  Page: ['id', 'name', 'category', 'link'],
  PageConversation: [
    'id',
    'link',
    'updated_time',
    'message_count',
    'unread_count',
    'participants',
    'senders',
    'snippet',
    'can_reply',
  ],
  Message: ['id', 'created_time', 'from', 'to', 'message'],
} as const;

export type NodeType = keyof typeof NODE_FIELDS;

/** What Graph returns when `fields` is absent. */
export const DEFAULT_FIELDS: Record<NodeType, readonly string[]> = {
  Page: ['name', 'id'],
  PageConversation: ['id', 'link', 'updated_time'],
  Message: ['id', 'created_time'],
};

export function pageJson(account: PageAccount): Record<string, unknown> {
  return {
    id: account.page.id,
    name: account.page.name,
    category: 'Shopping & retail',
    link: `https://www.facebook.com/${account.page.id}`,
  };
}

export function conversationJson(
  account: PageAccount,
  conversation: StoredConversation,
): Record<string, unknown> {
  const newest = conversation.messages.at(-1);
  const participants = { data: [person(conversation.customer), person(account.page)] };
  return {
    id: conversation.id,
    link: `/${account.idSuffix}/inbox/${conversation.id}/`,
    updated_time: graphTime(newest?.createdMs ?? 0),
    message_count: conversation.messages.length,
    unread_count: conversation.unreadCount,
    participants,
    senders: participants,
    snippet: (newest?.text ?? '').slice(0, 100),
    can_reply: true,
  };
}

export function messageJson(
  account: PageAccount,
  conversation: StoredConversation,
  message: StoredMessage,
): Record<string, unknown> {
  const [from, to] = message.fromPage
    ? [account.page, conversation.customer]
    : [conversation.customer, account.page];
  return {
    id: message.id,
    created_time: graphTime(message.createdMs),
    from: person(from),
    to: { data: [person(to)] },
    message: message.text,
  };
}

/** Keeps the requested fields, in the order asked for, as Graph does. */
export function pickFields(
  full: Record<string, unknown>,
  fields: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (full[field] !== undefined) out[field] = full[field];
  return out;
}

function person(p: Person) {
  return { name: p.name, email: p.email, id: p.id };
}
