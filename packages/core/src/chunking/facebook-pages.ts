import { dayRange } from './facebook-ads.ts';
import { phaseWindows } from './phase-window-list.ts';
import { type InitialPlan, type PlanContext, type PlannedChunk, wants } from './types.ts';

/**
 * What the RECENT read of an initial sync leaves on the conversations stream: its watermark,
 * and where on the edge the history read continues (`historyAfter`: the edge's cursor after
 * the page that crossed into older conversations; null when the edge ended inside the window).
 */
export const RECENT_READ_KEY = 'recentRead';

type RecentRead = { newestUpdatedTime?: unknown; historyAfter?: unknown };

/**
 * Conversations come newest first with no time filter, and each page brings its
 * conversations' messages inline, so a phase is one chunk paging down the edge (time budgets
 * checkpoint it). RECENT hands the edge's cursor on to HISTORICAL, so together they read each
 * page of the edge once; HISTORICAL reads from there to the edge's end.
 */
export function planFacebookPages(context: PlanContext): InitialPlan {
  if (
    !wants(context, 'conversations') &&
    !wants(context, 'messages') &&
    !wants(context, 'interaction_events')
  ) {
    return { chunks: [], fanOut: false };
  }
  const cursor = context.streamStates.conversations?.cursor ?? {};
  const recentRead = (cursor[RECENT_READ_KEY] ?? undefined) as RecentRead | undefined;
  if (context.phase === 'INCREMENTAL') {
    const newest = latest(cursor.newestUpdatedTime, recentRead?.newestUpdatedTime);
    return {
      chunks: [
        {
          stream: 'conversations',
          kind: 'conversations',
          ...(newest ? { params: { stopAtUpdatedTime: newest } } : {}),
          label: 'Messenger conversations, changes',
          priority: context.basePriority,
          streamCursorKey: 'newestUpdatedTime',
        },
      ],
      fanOut: false,
    };
  }
  const windows = phaseWindows(context);
  if (windows.length === 0) return { chunks: [], fanOut: false };
  if (context.phase === 'HISTORICAL') {
    // The recent read reached the edge's end: there is no older conversation left.
    if (recentRead && recentRead.historyAfter === null) return { chunks: [], fanOut: false };
    const window = { start: windows.at(-1)!.start, end: windows[0]!.end };
    const after = typeof recentRead?.historyAfter === 'string' ? recentRead.historyAfter : null;
    const chunk: PlannedChunk = {
      stream: 'conversations',
      kind: 'conversations',
      windowStart: window.start,
      windowEnd: window.end,
      label: 'Messenger conversations, history',
      priority: context.basePriority,
      ...(after ? { inputCursor: { after } } : {}),
    };
    return { chunks: [chunk], fanOut: false };
  }
  const chunks = windows.map(
    (window, index): PlannedChunk => ({
      stream: 'conversations',
      kind: 'conversations',
      windowStart: window.start,
      windowEnd: window.end,
      label: `Messenger conversations, ${dayRange(window)}`,
      priority: context.basePriority - index,
      // The initial read's recent window hands the edge on to the history read and moves the
      // incremental watermark; a custom window does neither.
      ...(context.phase === 'RECENT'
        ? { params: { handOverHistory: true }, streamCursorKey: RECENT_READ_KEY }
        : {}),
    }),
  );
  return { chunks, fanOut: false };
}

function latest(...times: unknown[]): string | undefined {
  const valid = times.filter(
    (t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)),
  );
  return valid.sort((a, b) => Date.parse(b) - Date.parse(a))[0];
}
