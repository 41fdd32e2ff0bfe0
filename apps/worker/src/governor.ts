import {
  applyThrottle,
  applyUsage,
  type BudgetState,
  defaultBudgetPolicy,
  initialBudgetState,
  type ProviderId,
  rateBucketOf,
  rateBudgetKey,
  reserveSlot,
  type UsageReading,
} from '@tributary/core';
import type { Pool } from '@tributary/db';

/** A quiet reading waits at most this long for a reservation to carry it to the row. */
const QUIET_READING_FLUSH_MS = 250;

type PendingReadings = { provider: ProviderId; readings: UsageReading[]; timer: NodeJS.Timeout };

/**
 * Invariant 4: one budget per provider account (and bucket), shared by every worker through a row in
 * rate_budgets. The math is packages/core's; this adapter loads and stores its state with an
 * optimistic version check (the row's xmin), so concurrent workers never lose each other's
 * reservations and the common case costs two statements, not a locking transaction.
 */
export class Governor {
  /** Budget rows this process knows exist: their INSERT is skipped on the hot path. */
  private readonly knownKeys = new Set<string>();
  /**
   * Usage readings below the slow-down threshold ride along with the next reservation of
   * their account (one write per page instead of two); a timer stores them if none comes.
   */
  private readonly pending = new Map<string, PendingReadings>();

  constructor(private readonly pool: Pool) {}

  /**
   * Reserves the next request slot. `reserved: false` means the wait is longer than the
   * governor holds a slot for: wait (or reschedule) `waitMs`, then reserve again.
   */
  reserve(provider: ProviderId, key: string): Promise<{ waitMs: number; reserved: boolean }> {
    const readings = this.takePending(key);
    return this.update(provider, key, (state, now) => {
      const policy = defaultBudgetPolicy(provider);
      const observed = readings.reduce((s, r) => applyUsage(s, r, policy, now), state);
      const { waitMs, state: next, reserved } = reserveSlot(observed, policy, now);
      return [next, { waitMs, reserved }];
    });
  }

  /** Waits for a reserved slot, sleeping up to `maxInlineWaitMs`; returns the wait it could not sleep. */
  async acquire(provider: ProviderId, key: string, maxInlineWaitMs: number): Promise<number> {
    for (;;) {
      const { waitMs, reserved } = await this.reserve(provider, key);
      if (waitMs > maxInlineWaitMs) return waitMs;
      if (waitMs > 0) await new Promise((done) => setTimeout(done, waitMs));
      if (reserved) return 0;
    }
  }

  /**
   * Feeds usage headers back so the next reservations slow down before the provider throttles.
   * A reading that changes pacing (at or past slow-down, or naming a time to regain access) is
   * stored at once for every worker; a quiet one is stored with the next reservation.
   */
  async observe(provider: ProviderId, readings: UsageReading[]): Promise<void> {
    const policy = defaultBudgetPolicy(provider);
    for (const reading of readings) {
      const urgent =
        reading.percentUsed >= policy.slowDownAtPercent || (reading.regainAccessMs ?? 0) > 0;
      if (!urgent) {
        this.defer(provider, reading);
        continue;
      }
      const earlier = this.takePending(reading.key);
      await this.update(provider, reading.key, (state, now) => [
        [...earlier, reading].reduce((s, r) => applyUsage(s, r, policy, now), state),
        undefined,
      ]);
    }
  }

  /** The provider throttled anyway: nobody sends on this account until it says so. */
  async throttled(provider: ProviderId, key: string, retryAfterMs: number): Promise<void> {
    await this.update(provider, key, (state, now) => [
      applyThrottle(state, retryAfterMs, now),
      undefined,
    ]);
  }

  /** Stores readings still waiting for a reservation (on shutdown). */
  async flush(): Promise<void> {
    for (const [key, entry] of [...this.pending]) {
      const readings = this.takePending(key);
      const policy = defaultBudgetPolicy(entry.provider);
      await this.update(entry.provider, key, (state, now) => [
        readings.reduce((s, r) => applyUsage(s, r, policy, now), state),
        undefined,
      ]);
    }
  }

  private defer(provider: ProviderId, reading: UsageReading): void {
    const entry = this.pending.get(reading.key);
    if (entry) {
      entry.readings.push(reading);
      return;
    }
    const timer = setTimeout(() => {
      const readings = this.takePending(reading.key);
      if (readings.length === 0) return;
      const policy = defaultBudgetPolicy(provider);
      this.update(provider, reading.key, (state, now) => [
        readings.reduce((s, r) => applyUsage(s, r, policy, now), state),
        undefined,
      ]).catch(() => {}); // advisory: the next page's reading carries the same information
    }, QUIET_READING_FLUSH_MS);
    timer.unref();
    this.pending.set(reading.key, { provider, readings: [reading], timer });
  }

  private takePending(key: string): UsageReading[] {
    const entry = this.pending.get(key);
    if (!entry) return [];
    clearTimeout(entry.timer);
    this.pending.delete(key);
    return entry.readings;
  }

  private async update<R>(
    provider: ProviderId,
    key: string,
    change: (state: BudgetState, nowMs: number) => [BudgetState, R],
  ): Promise<R> {
    for (;;) {
      if (!this.knownKeys.has(key)) {
        await this.pool.query(
          `INSERT INTO rate_budgets (key, provider) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
          [key, provider],
        );
        this.knownKeys.add(key);
      }
      const { rows } = await this.pool.query<{ usage: { state?: BudgetState }; version: string }>({
        name: 'budget-read',
        text: 'SELECT usage, xmin::text AS version FROM rate_budgets WHERE key = $1',
        values: [key],
      });
      const row = rows[0];
      if (!row) {
        this.knownKeys.delete(key);
        continue;
      }
      const now = Date.now();
      const [next, result] = change(row.usage.state ?? initialBudgetState(now), now);
      // Written only if nobody stored the row since it was read; otherwise read it again.
      const written = await this.pool.query({
        name: 'budget-write',
        text: `UPDATE rate_budgets SET usage = $2, request_count = $3,
                blocked_until = $4, next_slot_at = $5, updated_at = now()
          WHERE key = $1 AND xmin::text = $6`,
        values: [
          key,
          { state: next },
          next.requestsInWindow,
          next.blockedUntilMs ? new Date(next.blockedUntilMs) : null,
          new Date(next.nextSlotMs),
          row.version,
        ],
      });
      if ((written.rowCount ?? 0) > 0) return result;
    }
  }
}

/** One budget per provider account and bucket (Marketing API: management vs insights). */
export function budgetKey(provider: ProviderId, accountId: string, chunkKind?: string): string {
  return rateBudgetKey(provider, accountId, rateBucketOf(provider, chunkKind));
}
