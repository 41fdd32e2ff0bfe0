/**
 * Per-key token buckets for mutations: `capacity` in a burst, refilled at `perSecond`. In
 * memory per API process, which is enough to stop a runaway client; not a quota.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly options: { capacity: number; perSecond: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `cost` tokens; returns 0 on success, else the seconds until they will be there. */
  take(key: string, cost = 1): number {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.capacity, at: now };
    bucket.tokens = Math.min(
      this.options.capacity,
      bucket.tokens + ((now - bucket.at) / 1000) * this.options.perSecond,
    );
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return 0;
    }
    return Math.ceil((cost - bucket.tokens) / this.options.perSecond);
  }
}
