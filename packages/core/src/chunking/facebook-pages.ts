import { dayRange } from './facebook-ads.ts';
import { phaseWindows } from './phase-window-list.ts';
import { type InitialPlan, type PlanContext, type PlannedChunk, wants } from './types.ts';

/**
 * Conversations come newest first with no time filter, so each phase is one chunk that pages
 * until it passes its window (time budgets checkpoint it); messages and interaction events of
 * each conversation are read on the same page.
 */
export function planFacebookPages(context: PlanContext): InitialPlan {
  if (
    !wants(context, 'conversations') &&
    !wants(context, 'messages') &&
    !wants(context, 'interaction_events')
  ) {
    return { chunks: [], fanOut: false };
  }
  const chunks: PlannedChunk[] = [];
  if (context.phase === 'INCREMENTAL') {
    const newest = context.streamStates.conversations?.cursor?.newestUpdatedTime;
    chunks.push({
      stream: 'conversations',
      kind: 'conversations',
      ...(typeof newest === 'string' ? { params: { stopAtUpdatedTime: newest } } : {}),
      label: 'Messenger conversations, changes',
      priority: context.basePriority,
      streamCursorKey: 'newestUpdatedTime',
    });
    return { chunks, fanOut: false };
  }
  phaseWindows(context).forEach((window, index) => {
    chunks.push({
      stream: 'conversations',
      kind: 'conversations',
      windowStart: window.start,
      windowEnd: window.end,
      label: `Messenger conversations, ${dayRange(window)}`,
      priority: context.basePriority - index,
      // Only the newest window may move the incremental cursor forward.
      ...(context.phase === 'RECENT' ? { streamCursorKey: 'newestUpdatedTime' } : {}),
    });
  });
  return { chunks, fanOut: false };
}
