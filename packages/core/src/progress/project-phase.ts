const DAY_MS = 86_400_000;

export type PhaseProjection = {
  /** How long the previous phase ran, and the span of time it read. */
  previousSeconds: number;
  previousSpanMs: number;
  /** The span this phase reads. */
  spanMs: number;
  /** How long this phase has run already. */
  elapsedSeconds: number;
};

/**
 * Seconds left in a phase that has no rate of its own yet, projected from the phase before it:
 * history reads about as fast per day of data as the recent window did, so it takes the recent
 * phase's time scaled by its span. Null when a span is unknown or the projection has run out.
 */
export function projectPhaseSeconds(p: PhaseProjection): number | null {
  if (!(p.previousSeconds > 0) || !(p.previousSpanMs > 0) || !(p.spanMs >= 0)) return null;
  const left = (p.previousSeconds * p.spanMs) / p.previousSpanMs - Math.max(0, p.elapsedSeconds);
  return left > 0 ? left : null;
}

/** The span an INITIAL phase reads: RECENT the last `recentDays`, HISTORICAL everything older. */
export function initialPhaseSpanMs(
  phase: 'RECENT' | 'HISTORICAL',
  accountCreatedAt: Date,
  now: Date,
  recentDays = 90,
): number {
  const recentStart = now.getTime() - recentDays * DAY_MS;
  const accountStart = accountCreatedAt.getTime();
  if (phase === 'RECENT') return now.getTime() - Math.max(accountStart, recentStart);
  return Math.max(0, recentStart - accountStart);
}
