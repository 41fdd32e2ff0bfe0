import { splitWindowByCount } from '../plan/split-by-count.ts';
import type { Window } from '../plan/window.ts';
import { dayRange } from './facebook-ads.ts';
import { phaseWindows } from './phase-window-list.ts';
import { type InitialPlan, type PlanContext, type PlannedChunk, wants } from './types.ts';

/** Messages per window chunk; `@odata.count` sizes the windows to about this. */
export const MAIL_MESSAGES_PER_CHUNK = 1000;

export type MailFolder = { id: string; name: string };

/** Folders first; message chunks fan out per folder once the folders are known. */
export function planMicrosoftMail(context: PlanContext): InitialPlan {
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

/** The windows each folder needs, before sizing by count (the caller asks the provider). */
export function mailWindows(context: PlanContext): Window[] {
  return phaseWindows(context);
}

export function deltaKey(folderId: string): string {
  return `delta:${folderId}`;
}

/**
 * Message chunks for one folder. `counts[i]` is `@odata.count` for `windows[i]`. INCREMENTAL
 * follows the folder's stored delta link; without one (or after the delta is lost) it re-reads
 * recent mail by window and starts a new delta baseline. HISTORICAL ends each folder with a
 * delta baseline so later incremental syncs see updates and deletions of any message.
 */
export function fanOutMailFolder(
  context: PlanContext,
  folder: MailFolder,
  windows: Window[],
  counts: number[],
): PlannedChunk[] {
  const chunks: PlannedChunk[] = [];
  const deltaLink = context.streamStates.messages?.cursor?.[deltaKey(folder.id)];
  if (context.phase === 'INCREMENTAL' && typeof deltaLink === 'string') {
    return [
      {
        stream: 'messages',
        kind: 'delta',
        params: { folderId: folder.id },
        inputCursor: { deltaLink },
        label: `Mail: ${folder.name}, changes`,
        priority: context.basePriority,
        streamCursorKey: deltaKey(folder.id),
      },
    ];
  }
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
  if (context.phase === 'HISTORICAL' || context.phase === 'INCREMENTAL') {
    chunks.push({
      stream: 'messages',
      kind: 'delta',
      params: { folderId: folder.id },
      label: `Mail: ${folder.name}, change tracking baseline`,
      priority: context.basePriority - 1000,
      streamCursorKey: deltaKey(folder.id),
    });
  }
  return chunks;
}
