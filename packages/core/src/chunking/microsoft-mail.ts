import { splitWindowByCount } from '../plan/split-by-count.ts';
import type { Window } from '../plan/window.ts';
import { dayRange } from './facebook-ads.ts';
import { phaseWindows } from './phase-window-list.ts';
import { type InitialPlan, type PlanContext, type PlannedChunk, wants } from './types.ts';

/** Messages per window chunk; `@odata.count` sizes the windows to about this. */
export const MAIL_MESSAGES_PER_CHUNK = 1000;

export type MailFolder = { id: string; name: string };

/**
 * Folders first; message chunks fan out per folder once the folders are known. HISTORICAL
 * reuses the folders RECENT listed minutes before (a folder created since is picked up by the
 * next sync's listing, which starts its change tracking with a full read).
 */
export function planMicrosoftMail(context: PlanContext): InitialPlan {
  if (context.phase === 'HISTORICAL') return { chunks: [], fanOut: wants(context, 'messages') };
  const chunks: PlannedChunk[] = [];
  chunks.push({
    stream: 'mail_folders',
    kind: 'folders',
    label: 'Mail folders',
    priority: context.basePriority + 50,
    completeListing: true,
  });
  return { chunks, fanOut: wants(context, 'messages') };
}

/**
 * The windows each folder needs sized by `$count` before planning: only a custom range reads
 * by window; every other phase reads through delta, which needs no count.
 */
export function mailWindows(context: PlanContext): Window[] {
  return context.phase === 'CUSTOM' ? phaseWindows(context) : [];
}

export function deltaKey(folderId: string): string {
  return `delta:${folderId}`;
}

/**
 * Message chunks for one folder. Each message is read once: the initial read is one delta
 * round per folder, newest first, which RECENT stops after the page that reaches mail older
 * than 90 days (storing the round's nextLink under the folder's delta key) and HISTORICAL
 * continues to its end, storing the deltaLink there. INCREMENTAL follows the stored deltaLink;
 * without one (never completed, or lost) it reads the folder in a new round. Only a custom
 * range reads by `receivedDateTime` window, sized by `counts[i]` (`@odata.count` of
 * `windows[i]`): delta's `$filter` takes no upper bound.
 * https://learn.microsoft.com/graph/delta-query-messages
 */
export function fanOutMailFolder(
  context: PlanContext,
  folder: MailFolder,
  windows: Window[],
  counts: number[],
): PlannedChunk[] {
  const stored = context.streamStates.messages?.cursor?.[deltaKey(folder.id)];
  const delta = (extra: Partial<PlannedChunk> & { label: string }): PlannedChunk => ({
    stream: 'messages',
    kind: 'delta',
    params: { folderId: folder.id },
    priority: context.basePriority,
    streamCursorKey: deltaKey(folder.id),
    ...extra,
  });
  if (context.phase === 'CUSTOM') return windowChunks(context, folder, windows, counts);
  if (context.phase === 'INCREMENTAL') {
    if (typeof stored === 'string')
      return [
        delta({ inputCursor: { deltaLink: stored }, label: `Mail: ${folder.name}, changes` }),
      ];
    return [delta({ label: `Mail: ${folder.name}, full read` })];
  }
  if (context.phase === 'RECENT') {
    const [recent] = phaseWindows(context);
    if (!recent) return [];
    return [
      delta({
        params: { folderId: folder.id, stopBefore: recent.start.toISOString() },
        label: `Mail: ${folder.name}, ${dayRange(recent)}`,
      }),
    ];
  }
  // HISTORICAL: continue the round RECENT stopped, or read the folder if RECENT never did.
  if (typeof stored === 'string') return [];
  const resume = historyFromOf(stored);
  return [
    delta({
      ...(resume ? { inputCursor: { nextLink: resume } } : {}),
      label: `Mail: ${folder.name}, history`,
    }),
  ];
}

function historyFromOf(stored: unknown): string | undefined {
  const nextLink = (stored as { nextLink?: unknown } | null | undefined)?.nextLink;
  return typeof nextLink === 'string' ? nextLink : undefined;
}

function windowChunks(
  context: PlanContext,
  folder: MailFolder,
  windows: Window[],
  counts: number[],
): PlannedChunk[] {
  const chunks: PlannedChunk[] = [];
  let order = 0;
  windows.forEach((window, i) => {
    for (const piece of splitWindowByCount(window, counts[i] ?? 0, MAIL_MESSAGES_PER_CHUNK)) {
      chunks.push({
        stream: 'messages',
        kind: 'window',
        params: { folderId: folder.id },
        windowStart: piece.start,
        windowEnd: piece.end,
        label: `Mail: ${folder.name}, ${dayRange(piece)}`,
        priority: context.basePriority - order++,
      });
    }
  });
  return chunks;
}
