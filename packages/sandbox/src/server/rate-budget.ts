/**
 * Requests per account in a sliding window: the provider's budget. Usage headers report the
 * share used; at 100% the provider's throttle answer, until the oldest request leaves the window.
 */
export class RateBudget {
  private readonly calls = new Map<string, number[]>();

  /** Records a call if the budget allows it; otherwise says how long until it will. */
  take(
    accountId: string,
    limit: { requests: number; windowMs: number },
    nowMs: number,
  ):
    | { allowed: true; percentUsed: number; resetMs: number }
    | { allowed: false; retryAfterMs: number } {
    const times = this.prune(accountId, limit.windowMs, nowMs);
    if (times.length >= limit.requests) {
      const oldest = times[times.length - limit.requests] ?? nowMs;
      return { allowed: false, retryAfterMs: Math.max(1, oldest + limit.windowMs - nowMs) };
    }
    times.push(nowMs);
    // The score is back to zero once this (newest) call has left the window.
    return {
      allowed: true,
      percentUsed: (100 * times.length) / limit.requests,
      resetMs: limit.windowMs,
    };
  }

  /** Share of the budget used, for usage headers when no limit is enforced. */
  record(accountId: string, windowMs: number, nowMs: number): number {
    const times = this.prune(accountId, windowMs, nowMs);
    times.push(nowMs);
    return times.length;
  }

  clear(): void {
    this.calls.clear();
  }

  private prune(accountId: string, windowMs: number, nowMs: number): number[] {
    let times = this.calls.get(accountId);
    if (!times) {
      times = [];
      this.calls.set(accountId, times);
    }
    let drop = 0;
    while (drop < times.length && (times[drop] ?? 0) <= nowMs - windowMs) drop++;
    if (drop > 0) times.splice(0, drop);
    return times;
  }
}
