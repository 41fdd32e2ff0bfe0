import { z } from 'zod';
import { SandboxInputError } from '../shared/sandbox-input-error.ts';
import type { MutateOps } from '../shared/types.ts';
import { addGeneratedMessage } from './generate-mailbox.ts';
import {
  childFoldersOf,
  findFolder,
  type Mailbox,
  type MailFolder,
  type Message,
} from './mailbox.ts';

const countOrIds = z.union([
  z.number().int().min(0),
  z.array(z.string()),
  z.object({ count: z.number().int().min(0).optional(), ids: z.array(z.string()).optional() }),
]);

const mutateSchema = z.object({
  /** A count, or `{count, folderId}` (id or well-known name; Inbox by default). */
  add: z
    .union([
      z.number().int().min(0),
      z.object({ count: z.number().int().min(0), folderId: z.string().optional() }),
    ])
    .optional(),
  /** Which messages (a count picks at random, deterministically) and what to set (default: toggle isRead). */
  update: z
    .union([
      countOrIds,
      z.object({
        count: z.number().int().min(0).optional(),
        ids: z.array(z.string()).optional(),
        set: z
          .object({
            isRead: z.boolean().optional(),
            flagStatus: z.enum(['notFlagged', 'flagged', 'complete']).optional(),
            categories: z.array(z.string()).optional(),
            subject: z.string().optional(),
          })
          .optional(),
      }),
    ])
    .optional(),
  remove: countOrIds.optional(),
  /**
   * Folders to delete permanently (ids), with their subfolders and messages. Distinguished
   * folders (Inbox, Sent Items, …) cannot be deleted, as in Exchange.
   */
  removeFolders: z.array(z.string()).optional(),
});

/** Adds, updates and removes messages; each change gets a new change sequence number. */
export function mutateMailbox(mailbox: Mailbox, ops: MutateOps, now: Date) {
  const parsed = mutateSchema.safeParse(ops);
  if (!parsed.success) {
    throw new SandboxInputError(
      String(parsed.error.issues[0]?.path[0] ?? '(body)'),
      `Invalid MICROSOFT_MAIL mutation: ${z.prettifyError(parsed.error)}`,
    );
  }
  const { add, update, remove, removeFolders } = parsed.data;
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;

  // Resolve every target before changing anything: a bad id or folder changes nothing.
  const addCount = typeof add === 'number' ? add : (add?.count ?? 0);
  const addFolderId = typeof add === 'object' ? (add.folderId ?? 'inbox') : 'inbox';
  const addFolder = findFolder(mailbox, addFolderId);
  if (!addFolder)
    throw new SandboxInputError('add', `Unknown mail folder '${addFolderId}' in ${mailbox.userId}`);
  const toUpdate = pick(mailbox, update, new Set());
  const toRemove = pick(mailbox, remove, new Set(toUpdate.map((m) => m.id)));
  const foldersToRemove = (removeFolders ?? []).flatMap((id) => folderWithDescendants(mailbox, id));

  for (let i = 0; i < addCount; i++) {
    addGeneratedMessage(mailbox, mailbox.mutationRandom, addFolder, nowMs, nowMs);
  }
  const set =
    typeof update === 'object' && !Array.isArray(update) && 'set' in update
      ? update.set
      : undefined;
  for (const m of toUpdate) {
    if (set) {
      if (set.isRead !== undefined) m.isRead = set.isRead;
      if (set.flagStatus !== undefined) m.flagStatus = set.flagStatus;
      if (set.categories !== undefined) m.categories = [...set.categories];
      if (set.subject !== undefined) m.subject = set.subject;
    } else {
      m.isRead = !m.isRead;
    }
    m.version = ++mailbox.version;
    m.lastModifiedMs = Math.max(nowMs, m.lastModifiedMs);
    m.changeKey = `CQAAABYAAA${m.version.toString(36)}${m.id.slice(-12)}`;
  }
  removeMessages(
    mailbox,
    toRemove.map((m) => m.id),
    now,
  );
  const goneFolders = new Set(foldersToRemove.map((f) => f.id));
  if (goneFolders.size > 0) {
    mailbox.folders = mailbox.folders.filter((f) => !goneFolders.has(f.id));
    for (const m of [...mailbox.messages.values()]) {
      if (goneFolders.has(m.folderId)) mailbox.messages.delete(m.id);
    }
  }
  mailbox.sorted = null;
  return {
    added: addCount,
    updated: toUpdate.length,
    removed: toRemove.length,
    removedFolders: goneFolders.size,
  };
}

/** Deletes messages, leaving the tombstones delta reports as `@removed`. */
export function removeMessages(mailbox: Mailbox, ids: readonly string[], _now: Date): void {
  for (const id of ids) {
    const m = mailbox.messages.get(id);
    if (!m) continue;
    mailbox.messages.delete(id);
    mailbox.tombstones.push({
      id: m.id,
      folderId: m.folderId,
      receivedMs: m.receivedMs,
      version: ++mailbox.version,
    });
  }
  mailbox.sorted = null;
}

function pick(
  mailbox: Mailbox,
  spec: z.output<typeof countOrIds> | { count?: number; ids?: string[] } | undefined,
  exclude: Set<string>,
): Message[] {
  if (spec === undefined) return [];
  if (Array.isArray(spec)) return spec.map((id) => messageById(mailbox, id));
  if (typeof spec === 'object' && spec.ids) return spec.ids.map((id) => messageById(mailbox, id));
  const count = typeof spec === 'number' ? spec : (spec.count ?? 0);
  const candidates = [...mailbox.messages.keys()].filter((id) => !exclude.has(id)).sort();
  if (count > candidates.length) {
    throw new SandboxInputError(
      'count',
      `${mailbox.userId} has only ${candidates.length} messages to pick ${count} from`,
    );
  }
  const picked: Message[] = [];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(mailbox.mutationRandom.next() * (candidates.length - i));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
    picked.push(mailbox.messages.get(candidates[i]!)!);
  }
  return picked;
}

function messageById(mailbox: Mailbox, id: string): Message {
  const m = mailbox.messages.get(id);
  if (!m) throw new SandboxInputError('ids', `Unknown message '${id}' in ${mailbox.userId}`);
  return m;
}

/** A deletable folder and every folder below it; a bad id changes nothing. */
function folderWithDescendants(mailbox: Mailbox, id: string): MailFolder[] {
  const folder = mailbox.folders.find((f) => f.id === id);
  if (!folder) {
    throw new SandboxInputError(
      'removeFolders',
      `Unknown mail folder '${id}' in ${mailbox.userId}`,
    );
  }
  if (folder.wellKnownName) {
    throw new SandboxInputError(
      'removeFolders',
      `'${folder.displayName}' is a distinguished folder and cannot be deleted`,
    );
  }
  return [
    folder,
    ...childFoldersOf(mailbox, id).flatMap((child) => folderWithDescendants(mailbox, child.id)),
  ];
}
