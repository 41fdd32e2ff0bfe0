import { dayString } from '../facebook-graph/graph-time.ts';

/**
 * A chunk window [start, end) as Graph's inclusive whole UTC days: since = start's date,
 * until = the day before end's date. Null when the window holds no whole day to ask for.
 */
export function windowDays(start: Date, end: Date): { since: string; until: string } | null {
  const DAY = 86_400_000;
  const firstDay = Math.floor(start.getTime() / DAY);
  const lastDay = Math.floor(end.getTime() / DAY) - 1;
  if (lastDay < firstDay) return null;
  return { since: dayString(firstDay), until: dayString(lastDay) };
}
