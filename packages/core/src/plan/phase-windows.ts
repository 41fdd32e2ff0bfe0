import { assertPositive, assertValidDate } from './assert-input.ts';
import { splitWindow } from './split-window.ts';
import { DAY_MS, type Window, windowOf } from './window.ts';

export type PlanInitialPhasesInput = {
  now: Date;
  accountCreatedAt: Date;
  recentDays?: number;
  windowDays?: number;
};

/**
 * The windows of a first sync (invariant 6). RECENT is the last `recentDays` (or the account's
 * whole life when it is younger); HISTORICAL tiles everything older, newest first, in windows
 * of at most `windowDays`. An account "created" after `now` (clock skew) gets an empty RECENT.
 */
export function planInitialPhases({
  now,
  accountCreatedAt,
  recentDays = 90,
  windowDays = 90,
}: PlanInitialPhasesInput): { recent: Window; historical: Window[] } {
  const nowMs = assertValidDate('now', now);
  const createdMs = assertValidDate('accountCreatedAt', accountCreatedAt);
  assertPositive('recentDays', recentDays);
  assertPositive('windowDays', windowDays);
  const recentStartMs = Math.min(
    nowMs,
    Math.max(createdMs, nowMs - Math.floor(recentDays * DAY_MS)),
  );
  const historical =
    createdMs < recentStartMs ? splitWindow(windowOf(createdMs, recentStartMs), windowDays) : [];
  return { recent: windowOf(recentStartMs, nowMs), historical };
}
