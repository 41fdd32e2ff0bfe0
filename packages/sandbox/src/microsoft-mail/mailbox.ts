import type { Random } from '../shared/random.ts';

export type EmailAddress = { emailAddress: { name: string; address: string } };

export type MailFolder = {
  id: string;
  displayName: string;
  /** Graph's well-known name (`inbox`, `sentitems`, …), usable in place of the id in URLs. */
  wellKnownName?: string;
  parentFolderId: string;
  isHidden: boolean;
};

/** One stored message. Times are epoch ms; Graph shows them with second precision. */
export type Message = {
  id: string;
  folderId: string;
  subject: string;
  from: EmailAddress;
  toRecipients: EmailAddress[];
  ccRecipients: EmailAddress[];
  receivedMs: number;
  sentMs: number;
  createdMs: number;
  lastModifiedMs: number;
  changeKey: string;
  categories: string[];
  importance: 'low' | 'normal' | 'high';
  isRead: boolean;
  isDraft: boolean;
  flagStatus: 'notFlagged' | 'flagged' | 'complete';
  hasAttachments: boolean;
  conversationId: string;
  internetMessageId: string;
  bodyPreview: string;
  /** Change sequence number of the last add or update: what delta rounds compare. */
  version: number;
  /** Change sequence number of the add: `changeType=created` vs `updated`. */
  createdVersion: number;
};

/** A removed message, kept so that delta rounds can report `@removed`. */
export type Tombstone = { id: string; folderId: string; receivedMs: number; version: number };

export type Mailbox = {
  seed: number;
  userId: string;
  displayName: string;
  address: string;
  timeZone: string;
  createdMs: number;
  rootFolderId: string;
  folders: MailFolder[];
  messages: Map<string, Message>;
  tombstones: Tombstone[];
  /** Highest change sequence number handed out. */
  version: number;
  /** Changes with every reset: sync state from an earlier seeding is unknown to this one. */
  epoch: string;
  deltaTokenMaxAgeMs: number;
  /** Serial for ids of messages added later, and the picker for mutations. */
  nextSerial: number;
  mutationRandom: Random;
  /** Messages newest first (receivedDateTime desc, id desc); rebuilt after a mutation. */
  sorted: Message[] | null;
};

/** Graph's date format: ISO 8601 in UTC with second precision. */
export function graphDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function findFolder(mailbox: Mailbox, idOrWellKnownName: string): MailFolder | undefined {
  const name = idOrWellKnownName.toLowerCase();
  return mailbox.folders.find((f) => f.id === idOrWellKnownName || f.wellKnownName === name);
}

/** Folders directly under `parentFolderId` (the root's id: the top level), in mailbox order. */
export function childFoldersOf(mailbox: Mailbox, parentFolderId: string): MailFolder[] {
  return mailbox.folders.filter((f) => f.parentFolderId === parentFolderId);
}

/** Live messages, newest first: the order Graph lists messages in by default. */
export function messagesNewestFirst(mailbox: Mailbox): Message[] {
  if (!mailbox.sorted) {
    mailbox.sorted = [...mailbox.messages.values()].sort(compareNewestFirst);
  }
  return mailbox.sorted;
}

export function compareNewestFirst(
  a: { receivedMs: number; id: string },
  b: { receivedMs: number; id: string },
): number {
  if (a.receivedMs !== b.receivedMs) return b.receivedMs - a.receivedMs;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export function folderJson(mailbox: Mailbox, folder: MailFolder): Record<string, unknown> {
  let total = 0;
  let unread = 0;
  for (const m of mailbox.messages.values()) {
    if (m.folderId !== folder.id) continue;
    total += 1;
    if (!m.isRead) unread += 1;
  }
  return {
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: folder.parentFolderId,
    childFolderCount: childFoldersOf(mailbox, folder.id).length,
    unreadItemCount: unread,
    totalItemCount: total,
    isHidden: folder.isHidden,
  };
}

/** Every property of a message as Graph returns it without `$select` (annotations aside). */
export function messageJson(m: Message): Record<string, unknown> {
  return {
    id: m.id,
    createdDateTime: graphDate(m.createdMs),
    lastModifiedDateTime: graphDate(m.lastModifiedMs),
    changeKey: m.changeKey,
    categories: [...m.categories],
    receivedDateTime: graphDate(m.receivedMs),
    sentDateTime: graphDate(m.sentMs),
    hasAttachments: m.hasAttachments,
    internetMessageId: m.internetMessageId,
    subject: m.subject,
    bodyPreview: m.bodyPreview,
    importance: m.importance,
    parentFolderId: m.folderId,
    conversationId: m.conversationId,
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: m.isRead,
    isDraft: m.isDraft,
    webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(m.id)}&viewmodel=ReadMessageItem`,
    inferenceClassification: 'focused',
    body: { contentType: 'text', content: m.bodyPreview },
    from: structuredClone(m.from),
    sender: structuredClone(m.from),
    toRecipients: structuredClone(m.toRecipients),
    ccRecipients: structuredClone(m.ccRecipients),
    bccRecipients: [],
    replyTo: [],
    flag: { flagStatus: m.flagStatus },
  };
}

export const MESSAGE_PROPERTIES: ReadonlySet<string> = new Set(
  Object.keys(
    messageJson({
      id: '',
      folderId: '',
      subject: '',
      from: { emailAddress: { name: '', address: '' } },
      toRecipients: [],
      ccRecipients: [],
      receivedMs: 0,
      sentMs: 0,
      createdMs: 0,
      lastModifiedMs: 0,
      changeKey: '',
      categories: [],
      importance: 'normal',
      isRead: false,
      isDraft: false,
      flagStatus: 'notFlagged',
      hasAttachments: false,
      conversationId: '',
      internetMessageId: '',
      bodyPreview: '',
      version: 0,
      createdVersion: 0,
    }),
  ),
);

/** The message as the API returns it for `$select` (all properties when null); `id` always. */
export function projectMessage(
  m: Message,
  select: readonly string[] | null,
): Record<string, unknown> {
  const full = messageJson(m);
  if (!select) return full;
  const out: Record<string, unknown> = { id: m.id };
  for (const key of select) out[key] = full[key];
  return out;
}
