import { hash32, type Random, randomFrom, randomResumed, seededRandom } from '../shared/random.ts';
import { CUSTOMER_LINES, FIRST_NAMES, LAST_NAMES, PAGE_LINES } from './vocabulary.ts';

export type PageAccountConfig = {
  id: string;
  name: string;
  conversations: number;
  ageDays: number;
  /** Whether the sandbox's signed-in user manages the Page (lists it in `/me/accounts`); default true. */
  managed?: boolean;
  /** The user's tasks on the Page, as `/me/accounts` reports them; default every task. */
  tasks?: readonly PageTask[];
};

/** Facebook's Page roles as tasks; Messenger needs MESSAGING. */
export const PAGE_TASKS = [
  'ADVERTISE',
  'ANALYZE',
  'CREATE_CONTENT',
  'MESSAGING',
  'MODERATE',
  'MANAGE',
] as const;

export type PageTask = (typeof PAGE_TASKS)[number];

export type Person = { id: string; name: string; email: string };

export type StoredMessage = {
  id: string;
  /** Position in the conversation, oldest first; also the messages edge's paging key. */
  ordinal: number;
  createdMs: number;
  fromPage: boolean;
  text: string;
};

type CustomerDraws = { psid: number; first: number; last: number };

/** A generated conversation's message count and its seeded sequence past the header's draws. */
type BodyDraws = { count: number; seed: number; drawsTaken: number };

/** Draws a conversation's header takes: customer (3), message count (2), newest time (1). */
const HEADER_DRAWS = 6;

/** A conversation's messages (oldest first) and unread count, once generated. */
type ConversationBody = { messages: StoredMessage[]; unreadCount: number };

/**
 * One conversation. Its header (id, customer, newest message time) is generated with the
 * inbox; its messages only when first read, so a 100,000-conversation inbox answers its first
 * request in milliseconds instead of generating two million messages up front. The body is
 * drawn from the same seeded sequence either way: reading it earlier or later changes nothing.
 */
export class StoredConversation {
  private body: ConversationBody | undefined;

  private person: Person | undefined;

  constructor(
    readonly id: string,
    /** The customer's drawn values: PSID and name indexes (their strings are built on read). */
    private readonly drawn: CustomerDraws,
    /** The newest message's time until the body exists (then the body says). */
    private readonly newestMs: number,
    /** Where the body's draws are, for a generated conversation; none for a new (empty) one. */
    private readonly bodyDraws: BodyDraws | null,
  ) {
    if (!bodyDraws) this.body = { messages: [], unreadCount: 0 };
  }

  get customer(): Person {
    if (!this.person) {
      const psid = String(this.drawn.psid);
      this.person = {
        id: psid,
        name: `${FIRST_NAMES[this.drawn.first]} ${LAST_NAMES[this.drawn.last]}`,
        email: `${psid}@facebook.com`,
      };
    }
    return this.person;
  }

  /** Oldest first. */
  get messages(): StoredMessage[] {
    return this.materialized().messages;
  }

  get unreadCount(): number {
    return this.materialized().unreadCount;
  }

  set unreadCount(count: number) {
    this.materialized().unreadCount = count;
  }

  /** `updated_time`: the newest message's time, known without generating the messages. */
  get updatedMs(): number {
    if (!this.body) return this.newestMs;
    return this.body.messages.at(-1)?.createdMs ?? 0;
  }

  private materialized(): ConversationBody {
    this.body ??= generateBody(this.id, this.newestMs, this.bodyDraws!);
    return this.body;
  }
}

const DAY_MS = 86_400_000;

/**
 * One Page's inbox, generated on first touch from (seed, page id, anchor time) so the
 * same seed always yields the same inbox relative to the moment it was first read.
 */
export class PageAccount {
  readonly page: Person;
  private readonly conversations: StoredConversation[] = [];
  private sorted: StoredConversation[] | undefined;
  /** Account clock: new messages always land strictly after everything already stored. */
  private clockMs: number;
  private mutations = 0;

  constructor(
    readonly config: PageAccountConfig,
    private readonly seed: number,
    anchor: Date,
  ) {
    this.page = { id: config.id, name: config.name, email: `${config.id}@facebook.com` };
    // Generated history ends a minute before the anchor, so data added "now" is always newer.
    this.clockMs = Math.floor(anchor.getTime() / 1000) * 1000 - 60_000;
    for (let i = 0; i < config.conversations; i++) this.add(this.generate(i));
  }

  get idSuffix(): string {
    return this.config.id.slice('page_'.length);
  }

  conversation(id: string): StoredConversation | undefined {
    // Ids are `t_<page>_<position>`: the position finds it, the id confirms it.
    const match = /^t_(.+)_(\d+)$/.exec(id);
    const found = match ? this.conversations[Number(match[2])] : undefined;
    return found?.id === id ? found : undefined;
  }

  message(id: string): { conversation: StoredConversation; message: StoredMessage } | undefined {
    const match = /^m_(.+)_(\d+)_(\d+)$/.exec(id);
    if (!match) return undefined;
    const conversation = this.conversation(`t_${match[1]}_${match[2]}`);
    const message = conversation?.messages[Number(match[3])];
    return conversation && message ? { conversation, message } : undefined;
  }

  /** Newest `updated_time` first, ties broken by id (descending) so paging is total. */
  conversationsNewestFirst(): StoredConversation[] {
    this.sorted ??= [...this.conversations].sort((a, b) => compareConversations(b, a));
    return this.sorted;
  }

  /** Adds new conversations and new customer messages to existing ones, at `now`. */
  mutate(add: { conversations: number; messages: number }, now: Date) {
    const random = randomFrom(this.seed, this.config.id, 'mutation', this.mutations++);
    const at = this.tick(now);
    const existing = shuffle([...this.conversations], random).slice(0, add.messages);
    for (const conversation of existing) {
      this.appendMessage(conversation, at, false, random.pick(CUSTOMER_LINES));
      conversation.unreadCount += 1;
    }
    for (let i = 0; i < add.conversations; i++) {
      const conversation = this.newConversation(this.conversations.length, random);
      const count = random.int(1, 3);
      for (let k = 0; k < count; k++)
        this.appendMessage(conversation, at, false, random.pick(CUSTOMER_LINES));
      conversation.unreadCount = count;
      this.add(conversation);
    }
    this.sorted = undefined;
    const addedMessages = existing.length;
    return { added: add.conversations + addedMessages, updated: existing.length, removed: 0 };
  }

  private tick(now: Date): number {
    this.clockMs = Math.max(Math.floor(now.getTime() / 1000) * 1000, this.clockMs + 1000);
    return this.clockMs;
  }

  private add(conversation: StoredConversation) {
    this.conversations.push(conversation);
  }

  /**
   * The header draws come straight off the conversation's seeded sequence (one generator, no
   * helpers: a 100,000-conversation inbox draws 600,000 of them on first touch); the body takes
   * the same sequence up after them when first read.
   */
  private generate(index: number): StoredConversation {
    const seed = hash32(this.seed, this.config.id, 'conversation', index);
    const next = seededRandom(seed);
    // random.int(min, max) and random.pick, spelled out: no helper closures per conversation.
    const psid = 1_000_000_000_000_000 + Math.floor(next() * 8_000_000_000_000_000);
    const first = Math.floor(next() * FIRST_NAMES.length);
    const last = Math.floor(next() * LAST_NAMES.length);
    // Most conversations are short; about a fifth run past the 25 messages the product keeps.
    const roll = next();
    const count =
      roll < 0.7
        ? 1 + Math.floor(next() * 12)
        : roll < 0.9
          ? 13 + Math.floor(next() * 28)
          : 41 + Math.floor(next() * 40);
    const newestMs =
      this.clockMs - Math.floor((next() * this.config.ageDays * DAY_MS) / 1000) * 1000;
    return new StoredConversation(`t_${this.idSuffix}_${index}`, { psid, first, last }, newestMs, {
      count,
      seed,
      drawsTaken: HEADER_DRAWS,
    });
  }

  private newConversation(index: number, random: Random): StoredConversation {
    const { id, customer } = this.newPerson(index, random);
    return new StoredConversation(id, customer, 0, null);
  }

  private newPerson(index: number, random: Random): { id: string; customer: CustomerDraws } {
    // The draws random.int and random.pick make, in their order.
    const psid = random.int(1_000_000_000_000_000, 8_999_999_999_999_999);
    const first = Math.floor(random.next() * FIRST_NAMES.length);
    const last = Math.floor(random.next() * LAST_NAMES.length);
    return { id: `t_${this.idSuffix}_${index}`, customer: { psid, first, last } };
  }

  private appendMessage(
    conversation: StoredConversation,
    createdMs: number,
    fromPage: boolean,
    text: string,
  ) {
    const ordinal = conversation.messages.length;
    conversation.messages.push(messageOf(conversation.id, ordinal, createdMs, fromPage, text));
  }
}

/** A generated conversation's messages and unread count, from its sequence past the header. */
function generateBody(id: string, newestMs: number, draws: BodyDraws): ConversationBody {
  const random = randomResumed(draws.seed, draws.drawsTaken);
  const body: ConversationBody = { messages: [], unreadCount: 0 };
  // Walk back from the newest message; gaps from 10 seconds to 6 hours.
  const times = [newestMs];
  for (let k = 1; k < draws.count; k++) times.unshift(times[0]! - random.int(10, 6 * 3600) * 1000);
  times.forEach((createdMs, k) => {
    const fromPage = k > 0 && random.next() < 0.45;
    const text = random.pick(fromPage ? PAGE_LINES : CUSTOMER_LINES);
    body.messages.push(messageOf(id, k, createdMs, fromPage, text));
  });
  body.unreadCount = random.next() < 0.5 ? trailingCustomerMessages(body.messages) : 0;
  return body;
}

function messageOf(
  conversationId: string,
  ordinal: number,
  createdMs: number,
  fromPage: boolean,
  text: string,
): StoredMessage {
  return { id: `m_${conversationId.slice(2)}_${ordinal}`, ordinal, createdMs, fromPage, text };
}

export function updatedMs(conversation: StoredConversation): number {
  return conversation.updatedMs;
}

/** Order of the conversations edge: by `updated_time`, then id. */
export function compareConversations(a: StoredConversation, b: StoredConversation): number {
  return updatedMs(a) - updatedMs(b) || compareIds(a.id, b.id);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function trailingCustomerMessages(messages: readonly StoredMessage[]): number {
  let count = 0;
  for (let k = messages.length - 1; k >= 0 && !messages[k]!.fromPage; k--) count++;
  return count;
}

function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
