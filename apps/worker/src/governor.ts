import {
  applyThrottle,
  applyUsage,
  type BudgetState,
  defaultBudgetPolicy,
  initialBudgetState,
  type ProviderId,
  reserveSlot,
  type UsageReading,
} from '@tributary/core';
import { type Pool, withTransaction } from '@tributary/db';

/**
 * Invariant 4: one budget per provider account, shared by every worker through a row in
 * rate_budgets. The math is packages/core's; this adapter only loads and stores its state
 * under a row lock so concurrent workers reserve slots one after another.
 */
export class Governor {
  /** Budget rows this process knows exist: their INSERT is skipped on the hot path. */
  private readonly knownKeys = new Set<string>();

  constructor(private readonly pool: Pool) {}

  /**
   * Reserves the next request slot. `reserved: false` means the wait is longer than the
   * governor holds a slot for: wait (or reschedule) `waitMs`, then reserve again.
   */
  reserve(provider: ProviderId, key: string): Promise<{ waitMs: number; reserved: boolean }> {
    return this.update(provider, key, (state, now) => {
      const {
        waitMs,
        state: next,
        reserved,
      } = reserveSlot(state, defaultBudgetPolicy(provider), now);
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

  /** Feeds usage headers back so the next reservations slow down before the provider throttles. */
  async observe(provider: ProviderId, readings: UsageReading[]): Promise<void> {
    for (const reading of readings) {
      await this.update(provider, reading.key, (state, now) => [
        applyUsage(state, reading, defaultBudgetPolicy(provider), now),
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

  private update<R>(
    provider: ProviderId,
    key: string,
    change: (state: BudgetState, nowMs: number) => [BudgetState, R],
  ): Promise<R> {
    return withTransaction(this.pool, async (tx) => {
      if (!this.knownKeys.has(key)) {
        await tx.query(
          `INSERT INTO rate_budgets (key, provider) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
          [key, provider],
        );
        this.knownKeys.add(key);
      }
      const { rows } = await tx.query<{ usage: { state?: BudgetState } }>(
        'SELECT usage FROM rate_budgets WHERE key = $1 FOR UPDATE',
        [key],
      );
      const now = Date.now();
      const current = rows[0]?.usage.state ?? initialBudgetState(now);
      const [next, result] = change(current, now);
      await tx.query(
        `UPDATE rate_budgets SET usage = $2, request_count = $3,
                blocked_until = $4, next_slot_at = $5, updated_at = now()
          WHERE key = $1`,
        [
          key,
          { state: next },
          next.requestsInWindow,
          next.blockedUntilMs ? new Date(next.blockedUntilMs) : null,
          new Date(next.nextSlotMs),
        ],
      );
      return result;
    });
  }
}

export function budgetKey(provider: ProviderId, accountId: string): string {
  return `${provider}:${accountId}`;
}
