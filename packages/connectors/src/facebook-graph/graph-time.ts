/** Graph's timestamp format: `2024-03-05T10:11:12+0000`. */
export function graphTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}+0000`;
}

export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a UTC day number (days since the Unix epoch). */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** UTC day number of a `YYYY-MM-DD` string, or undefined when it is not one. */
export function parseDay(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || dayString(ms / DAY_MS) !== text) return undefined;
  return ms / DAY_MS;
}

export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}
