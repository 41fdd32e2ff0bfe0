export type ChunkDescription = {
  stream: string;
  kind: string;
  /** Facebook insights level: campaign, adset or ad. */
  level?: string;
  /** Index of the chunk's first entity among all of its level (0-based). */
  entityOffset?: number;
  entityCount?: number;
  windowStart?: Date;
  /** Exclusive end; shown as the last day it includes. */
  windowEnd?: Date;
  /** Microsoft mail folder display name. */
  folderName?: string;
};

const STREAM_NAMES: Record<string, string> = {
  campaigns: 'Campaigns',
  adsets: 'Ad sets',
  ads: 'Ads',
  ad_insights_daily: 'Ad insights',
  conversations: 'Messenger conversations',
  messages: 'Messages',
  interaction_events: 'Interaction events',
  mail_folders: 'Mail folders',
};

const LEVEL_NOUNS: Record<string, [one: string, many: string]> = {
  campaign: ['campaign', 'campaigns'],
  adset: ['ad set', 'ad sets'],
  ad: ['ad', 'ads'],
};

/**
 * What a chunk is doing, for the dashboard's activity line, e.g.
 * "Ad insights, campaigns 51–100, 2025-06-01 → 2025-08-29" or "Mail: Inbox, changes".
 */
export function describeChunk(chunk: ChunkDescription): string {
  const parts = [
    chunk.folderName !== undefined ? `Mail: ${chunk.folderName}` : streamName(chunk.stream),
  ];
  const entities = describeEntities(chunk);
  if (entities) parts.push(entities);
  const window = describeWindow(chunk.windowStart, chunk.windowEnd);
  if (window) parts.push(window);
  else if (chunk.kind === 'delta') parts.push('changes');
  return parts.join(', ');
}

function streamName(stream: string): string {
  const known = STREAM_NAMES[stream];
  if (known) return known;
  const words = stream.replaceAll('_', ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function describeEntities({ level, entityOffset, entityCount }: ChunkDescription): string | null {
  if (entityCount === undefined || entityCount <= 0) return null;
  const [one, many] = (level && LEVEL_NOUNS[level]) || ['item', 'items'];
  if (entityOffset === undefined) return `${entityCount} ${entityCount === 1 ? one : many}`;
  const first = entityOffset + 1;
  const last = entityOffset + entityCount;
  return entityCount === 1 ? `${one} ${first}` : `${many} ${first}–${last}`;
}

function describeWindow(start: Date | undefined, end: Date | undefined): string | null {
  const from = start && isValid(start) ? day(start) : null;
  // The end is exclusive: the last day shown is the one holding the instant before it.
  const to = end && isValid(end) ? day(new Date(end.getTime() - 1)) : null;
  if (from && to) return `${from} → ${to}`;
  if (from) return `since ${from}`;
  if (to) return `until ${to}`;
  return null;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function isValid(date: Date): boolean {
  return Number.isFinite(date.getTime());
}
