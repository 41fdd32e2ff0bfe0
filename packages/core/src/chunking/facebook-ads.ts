import { batchEntities, INSIGHTS_BATCH_SIZE } from '../plan/entity-batches.ts';
import type { Window } from '../plan/window.ts';
import { endOfDay, phaseWindows, startOfDay } from './phase-window-list.ts';
import { type InitialPlan, type PlanContext, type PlannedChunk, wants } from './types.ts';

const DAY_MS = 86_400_000;
/** Insights attribution keeps changing for 28 days: incremental syncs re-read them. */
export const INSIGHTS_LOOKBACK_DAYS = 28;
/** Structure reads by `updated_time` start this long before the watermark (clock skew). */
const WATERMARK_SAFETY_MS = 5 * 60_000;

const STRUCTURE = [
  ['campaigns', 'Campaigns'],
  ['adsets', 'Ad sets'],
  ['ads', 'Ads'],
] as const;
const LEVELS = [
  ['campaign', 'campaigns'],
  ['adset', 'ad sets'],
  ['ad', 'ads'],
] as const;

export type FacebookAdsEntities = { campaign: string[]; adset: string[]; ad: string[] };

/** Structure discovery first (HISTORICAL reuses what RECENT discovered); insights fan out after. */
export function planFacebookAds(context: PlanContext): InitialPlan {
  const insights = wants(context, 'ad_insights_daily');
  if (context.phase === 'HISTORICAL') return { chunks: [], fanOut: insights };
  const chunks: PlannedChunk[] = [];
  for (const [stream, label] of STRUCTURE) {
    // Insights fan out over the entities, so structure is read whenever insights are wanted.
    if (!wants(context, stream) && !insights) continue;
    const watermark = context.streamStates[stream]?.watermark;
    const since =
      context.phase === 'INCREMENTAL' && watermark
        ? new Date(watermark.getTime() - WATERMARK_SAFETY_MS).toISOString()
        : undefined;
    chunks.push({
      stream,
      kind: 'structure',
      ...(since ? { params: { updatedSince: since } } : {}),
      label: since ? `${label} changed since ${since.slice(0, 10)}` : label,
      priority: context.basePriority + 50,
    });
  }
  return { chunks, fanOut: insights };
}

/** Insights chunks: 50 campaigns / 50 ad sets / 100 ads per chunk × each window, newest first. */
export function fanOutFacebookAds(
  context: PlanContext,
  entities: FacebookAdsEntities,
): PlannedChunk[] {
  if (!wants(context, 'ad_insights_daily')) return [];
  const windows = insightsWindows(context);
  const chunks: PlannedChunk[] = [];
  windows.forEach((window, windowIndex) => {
    for (const [level, noun] of LEVELS) {
      for (const batch of batchEntities(entities[level], INSIGHTS_BATCH_SIZE[level])) {
        chunks.push({
          stream: 'ad_insights_daily',
          kind: 'insights',
          params: { level },
          entityIds: batch.ids,
          windowStart: window.start,
          windowEnd: window.end,
          label: `Ad insights, ${noun} ${batch.offset + 1}–${batch.offset + batch.ids.length}, ${dayRange(window)}`,
          priority: context.basePriority - windowIndex,
        });
      }
    }
  });
  return chunks;
}

function insightsWindows(context: PlanContext): Window[] {
  if (context.phase === 'INCREMENTAL') {
    const end = endOfDay(context.now);
    return [{ start: startOfDay(new Date(end.getTime() - INSIGHTS_LOOKBACK_DAYS * DAY_MS)), end }];
  }
  return phaseWindows(context, { dayAligned: true });
}

export function dayRange(window: Window): string {
  const last = new Date(window.end.getTime() - 1);
  return `${window.start.toISOString().slice(0, 10)} → ${last.toISOString().slice(0, 10)}`;
}
