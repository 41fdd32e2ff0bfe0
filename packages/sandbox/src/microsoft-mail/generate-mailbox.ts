import { type Random, randomFrom } from '../shared/random.ts';
import { graphId } from './graph-id.ts';
import type { EmailAddress, Mailbox, MailFolder, Message } from './mailbox.ts';
import type { MailboxConfig } from './mailbox-config.ts';

const DAY_MS = 86_400_000;

/**
 * Folders, their parent (by display name; none: top level) and the share of the mailbox each
 * holds. Real mailboxes nest: Inbox has two subfolders, one of them a subfolder of its own, so
 * a client that lists only `/mailFolders` (top level) misses their mail.
 */
const FOLDERS: { displayName: string; wellKnownName?: string; parent?: string; share: number }[] = [
  { displayName: 'Inbox', wellKnownName: 'inbox', share: 0.36 },
  { displayName: 'Sent Items', wellKnownName: 'sentitems', share: 0.2 },
  { displayName: 'Archive', wellKnownName: 'archive', share: 0.17 },
  { displayName: 'Projects', share: 0.08 },
  { displayName: 'Receipts', share: 0.05 },
  { displayName: 'Deleted Items', wellKnownName: 'deleteditems', share: 0.02 },
  { displayName: 'Drafts', wellKnownName: 'drafts', share: 0.01 },
  { displayName: 'Junk Email', wellKnownName: 'junkemail', share: 0 },
  { displayName: 'Clients', parent: 'Inbox', share: 0.04 },
  { displayName: 'Newsletters', parent: 'Inbox', share: 0.02 },
  { displayName: 'Contoso', parent: 'Clients', share: 0.02 },
  { displayName: '2024', parent: 'Archive', share: 0.03 },
];

const PEOPLE = [
  'Adele Vance',
  'Alex Wilber',
  'Diego Siciliani',
  'Grady Archie',
  'Isaiah Langer',
  'Johanna Lorenz',
  'Lee Gu',
  'Lidia Holloway',
  'Lynne Robbins',
  'Megan Bowen',
  'Miriam Graham',
  'Nestor Wilke',
  'Patti Fernandez',
  'Pradeep Gupta',
];
const TOPICS = [
  'Quarterly review',
  'Budget approval',
  'Launch checklist',
  'Team offsite',
  'Invoice',
  'Contract renewal',
  'Design feedback',
  'Hiring update',
  'Customer escalation',
  'Weekly sync',
  'Travel plans',
  'Security notice',
];
const DETAILS = ['notes', 'follow-up', 'draft', 'final version', 'questions', 'agenda', 'summary'];
const SENTENCES = [
  'Please find the latest numbers attached.',
  'Can we move this to Thursday afternoon?',
  'Thanks for the quick turnaround on this.',
  'Let me know if anything is missing before Friday.',
  'I have added my comments inline.',
  'Looping in the team for visibility.',
];
const CATEGORIES = ['Blue category', 'Green category', 'Orange category', 'Red category'];

export function personAddress(name: string): EmailAddress {
  return {
    emailAddress: { name, address: `${name.toLowerCase().replace(/\s+/g, '.')}@contoso.example` },
  };
}

/**
 * Builds a mailbox deterministically from the seed and config, anchored at `anchorMs` (the
 * first time it is used): messages spread over `ageDays` before the anchor, denser recently.
 */
export function generateMailbox(
  seed: number,
  config: MailboxConfig,
  anchorMs: number,
  epoch: string,
): Mailbox {
  const random = randomFrom(seed, 'microsoft-mail', config.id);
  const anchor = Math.floor(anchorMs / 1000) * 1000;
  const ageMs = Math.round((config.ageDays * DAY_MS) / 1000) * 1000;
  const displayName = config.displayName ?? `Mailbox ${config.id}`;
  const owner = personAddress(displayName);
  const rootFolderId = graphId('AAMkAGRoot', seed, config.id, 'root');
  const folderId = (displayName: string) => graphId('AAMkAGFold', seed, config.id, displayName);
  const folders: MailFolder[] = FOLDERS.map((f) => ({
    id: folderId(f.displayName),
    displayName: f.displayName,
    ...(f.wellKnownName ? { wellKnownName: f.wellKnownName } : {}),
    parentFolderId: f.parent ? folderId(f.parent) : rootFolderId,
    isHidden: false,
  }));
  const mailbox: Mailbox = {
    seed,
    userId: config.id,
    displayName,
    address: owner.emailAddress.address,
    timeZone: config.timeZone,
    createdMs: anchor - ageMs,
    rootFolderId,
    folders,
    messages: new Map(),
    tombstones: [],
    version: 0,
    epoch,
    deltaTokenMaxAgeMs: config.deltaTokenMaxAgeSec * 1000,
    nextSerial: 0,
    mutationRandom: randomFrom(seed, 'microsoft-mail-mutations', config.id),
    sorted: null,
  };
  for (let i = 0; i < config.messages; i++) {
    // u² skews toward 0: most mail is recent, the tail reaches back to the mailbox's creation.
    const u = random.next();
    const receivedMs = Math.max(
      mailbox.createdMs,
      Math.floor((anchor - ageMs * u * u) / 1000) * 1000 - 1000,
    );
    const folder = pickFolder(random, folders);
    addGeneratedMessage(
      mailbox,
      random,
      folder,
      receivedMs,
      Math.min(anchor - 1000, receivedMs + random.int(0, 3) * 3_600_000),
    );
  }
  return mailbox;
}

function pickFolder(random: Random, folders: MailFolder[]): MailFolder {
  let r = random.next();
  for (let i = 0; i < FOLDERS.length; i++) {
    r -= FOLDERS[i]!.share;
    if (r < 0) return folders[i]!;
  }
  return folders[0]!;
}

/** Adds one generated message (also used by `mutate` add) and bumps the change sequence. */
export function addGeneratedMessage(
  mailbox: Mailbox,
  random: Random,
  folder: MailFolder,
  receivedMs: number,
  lastModifiedMs: number,
): Message {
  const serial = mailbox.nextSerial++;
  const owner = personAddress(mailbox.displayName);
  const other = personAddress(random.pick(PEOPLE));
  const sent = folder.wellKnownName === 'sentitems' || folder.wellKnownName === 'drafts';
  const version = ++mailbox.version;
  const message: Message = {
    id: graphId('AAMkAGMsg', mailbox.seed, mailbox.userId, serial),
    folderId: folder.id,
    subject: `${random.pick(TOPICS)}: ${random.pick(DETAILS)} #${serial + 1}`,
    from: sent ? owner : other,
    toRecipients: [sent ? other : owner],
    ccRecipients: random.next() < 0.25 ? [personAddress(random.pick(PEOPLE))] : [],
    receivedMs,
    sentMs: receivedMs - random.int(1, 120) * 1000,
    createdMs: receivedMs,
    lastModifiedMs: Math.max(receivedMs, lastModifiedMs),
    changeKey: graphId('CQAAABYAAA', mailbox.userId, serial, version),
    categories: random.next() < 0.1 ? [random.pick(CATEGORIES)] : [],
    importance: random.next() < 0.08 ? 'high' : random.next() < 0.05 ? 'low' : 'normal',
    isRead: sent || random.next() < 0.8,
    isDraft: folder.wellKnownName === 'drafts',
    flagStatus: random.next() < 0.06 ? 'flagged' : 'notFlagged',
    hasAttachments: random.next() < 0.15,
    conversationId: graphId('AAQkAGConv', mailbox.userId, Math.floor(serial / 3)),
    internetMessageId: `<${graphId('', mailbox.userId, serial).slice(0, 24)}@contoso.example>`,
    bodyPreview: `${random.pick(SENTENCES)} ${random.pick(SENTENCES)}`,
    version,
    createdVersion: version,
  };
  mailbox.messages.set(message.id, message);
  mailbox.sorted = null;
  return message;
}
