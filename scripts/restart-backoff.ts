/**
 * How long the start command waits before restarting something that died: 1 s, 2 s, 4 s …
 * up to 30 s while it keeps dying, and 1 s again once it had stayed up for a minute, so a
 * crash loop doesn't spin and a rare crash is repaired at once.
 */
export class RestartBackoff {
  private failures = 0;

  constructor(private readonly options = { baseMs: 1000, maxMs: 30_000, healthyAfterMs: 60_000 }) {}

  /** The wait before the next start, given when the process that just died had started. */
  next(startedAt: number, now = Date.now()): number {
    if (now - startedAt >= this.options.healthyAfterMs) this.failures = 0;
    const wait = Math.min(this.options.maxMs, this.options.baseMs * 2 ** this.failures);
    this.failures += 1;
    return wait;
  }
}
