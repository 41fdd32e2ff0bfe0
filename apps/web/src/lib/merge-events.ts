import type { SyncEvent } from '../graphql/results.ts';

/**
 * The activity log: the stored events plus live ones that arrived after the newest stored
 * event (older live events are already in the stored list), newest first.
 */
export function mergeEvents(live: readonly SyncEvent[], stored: readonly SyncEvent[]): SyncEvent[] {
  const newestStored = stored.reduce((max, event) => Math.max(max, Date.parse(event.at)), 0);
  const fresh = live.filter((event) => Date.parse(event.at) > newestStored);
  return [...fresh, ...stored].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}
