/**
 * Graph's timestamps are ISO 8601 in UTC with a `+0000` offset and second precision, e.g.
 * `"created_time": "2024-03-05T10:11:12+0000"`, as every object in the Graph API reference
 * shows them (https://developers.facebook.com/docs/graph-api/reference/conversation,
 * https://developers.facebook.com/docs/marketing-api/reference/ad-campaign-group).
 */
export function graphTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}+0000`;
}

export const DAY_MS = 86_400_000;

/**
 * Insights dates (`date_start`, `date_stop`, `time_range.since/until`) are `YYYY-MM-DD`
 * (https://developers.facebook.com/docs/marketing-api/insights/parameters). The emulator
 * counts days as UTC day numbers (days since the Unix epoch).
 */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** UTC day number of a `YYYY-MM-DD` string, or undefined when it is not a real date. */
export function parseDay(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || dayString(ms / DAY_MS) !== text) return undefined;
  return ms / DAY_MS;
}

export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}
