import { planInitialPhases } from '../plan/phase-windows.ts';
import type { Window } from '../plan/window.ts';
import type { PlanContext } from './types.ts';

const DAY_MS = 86_400_000;

/**
 * The time windows a job covers, newest first: RECENT the last 90 days, HISTORICAL everything
 * older in 90-day windows, CUSTOM the user's window. `dayAligned` snaps to whole UTC days
 * (Facebook insights are daily: the window ends after today so today's partial day is read).
 */
export function phaseWindows(
  context: PlanContext,
  options: { dayAligned?: boolean } = {},
): Window[] {
  if (context.phase === 'CUSTOM') {
    const custom = context.customWindow!;
    return options.dayAligned
      ? [{ start: startOfDay(custom.start), end: endOfDay(custom.end) }]
      : [custom];
  }
  const now = options.dayAligned ? endOfDay(context.now) : context.now;
  const created = options.dayAligned
    ? startOfDay(context.accountCreatedAt)
    : context.accountCreatedAt;
  const phases = planInitialPhases({ now, accountCreatedAt: created });
  if (context.phase === 'RECENT')
    return phases.recent.start < phases.recent.end ? [phases.recent] : [];
  if (context.phase === 'HISTORICAL') return phases.historical;
  return [];
}

export function startOfDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

/** Midnight after the day `date` falls in (exclusive end covering that whole day). */
export function endOfDay(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS + DAY_MS);
}
