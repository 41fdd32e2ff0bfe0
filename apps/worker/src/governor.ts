import {
  admitRequest,
  applyThrottle,
  applyUsage,
  type BreakerPolicy,
  type BreakerState,
  type BudgetState,
  CLOSED_BREAKER,
  DEFAULT_BREAKER_POLICY,
  defaultBudgetPolicy,
  initialBudgetState,
  isClosedAndClean,
  type ProviderId,
  rateBucketOf,
  rateBudgetKey,
  recordFailure,
  recordSuccess,
  reserveSlot,
  type UsageReading,
} from '@tributary/core';
import type { Pool } from '@tributary/db';

/** A quiet reading waits at most this long for a reservation to carry it to the row. */
const QUIET_READING_FLUSH_MS = 250;

type PendingReadings = { provider: ProviderId; readings: UsageReading[]; timer: NodeJS.Timeout };

/** The rate_budgets row's JSON: the budget, and the account's outage breaker beside it. */
type StoredUsage = { state?: BudgetState; breaker?: BreakerState };
type Usage = { state: BudgetState; breaker: BreakerState };

/**
 * A reservation: go after `waitMs` (reserved), or come back then; `outage` if the breaker holds
 * it. `callsAtSend` (percent-driven budgets) goes back with the response's readings.
 */
export type Reservation = {
  waitMs: number;
  reserved: boolean;
  outage: boolean;
  callsAtSend?: number;
};

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
  /**
   * Accounts whose breaker this process last saw open or counting failures: only their
   * successes are written (a healthy account's pages cost no extra statement).
   */
  private readonly unsettled = new Set<string>();

  constructor(
    private readonly pool: Pool,
    private readonly breakerPolicy: BreakerPolicy = DEFAULT_BREAKER_POLICY,
  ) {}

  /**
   * Reserves the next request slot. `reserved: false` means the wait is longer than the
   * governor holds a slot for: wait (or reschedule) `waitMs`, then reserve again.
   */
  reserve(provider: ProviderId, key: string): Promise<Reservation> {
    const readings = this.takePending(key);
    return this.updateUsage<Reservation>(provider, key, (usage, now) => {
      const policy = defaultBudgetPolicy(provider);
      const observed = readings.reduce((s, r) => applyUsage(s, r, policy, now), usage.state);
      // An open breaker holds every request of the account (outage parking); past its wait,
      // one caller goes as the probe.
      const admission = admitRequest(usage.breaker, this.breakerPolicy, now);
      if (!admission.admitted) {
        return [
          { state: observed, breaker: admission.state },
          { waitMs: admission.waitMs, reserved: false, outage: true },
        ];
      }
      const slot = reserveSlot(observed, policy, now);
      // A probe waiting for the rate budget is not sent yet: let the next caller probe.
      const breaker = slot.reserved ? admission.state : usage.breaker;
      const { waitMs, reserved, callsAtSend } = slot;
      return [
        { state: slot.state, breaker },
        { waitMs, reserved, outage: false, callsAtSend },
      ];
    });
  }

  /**
   * Waits for a reserved slot, sleeping up to `maxInlineWaitMs`; returns the wait it could not
   * sleep (0 when a slot is reserved) and whether an outage (not the rate budget) imposes it.
   */
  async acquire(
    provider: ProviderId,
    key: string,
    maxInlineWaitMs: number,
  ): Promise<{ waitMs: number; outage: boolean; callsAtSend?: number }> {
    for (;;) {
      const { waitMs, reserved, outage, callsAtSend } = await this.reserve(provider, key);
      if (waitMs > maxInlineWaitMs) return { waitMs, outage };
      if (waitMs > 0) await new Promise((done) => setTimeout(done, waitMs));
      if (reserved) return { waitMs: 0, outage: false, callsAtSend };
    }
  }

  /**
   * A request of the account failed transiently (after the connector's own quick retries).
   * `parkUntilMs` is set when the account's breaker is open: park the work until then, without
   * spending an attempt. `opened` for the failure that opened it (it reports the outage).
   */
  async failed(
    provider: ProviderId,
    key: string,
    reason: string,
  ): Promise<{ opened: boolean; firstOpening: boolean; parkUntilMs: number | null }> {
    this.unsettled.add(key);
    return this.updateUsage(provider, key, (usage, now) => {
      const result = recordFailure(usage.breaker, this.breakerPolicy, now, reason);
      return [
        { state: usage.state, breaker: result.state },
        {
          opened: result.opened,
          // Closed until this failure: the outage starts here, not at a failed probe.
          firstOpening: result.opened && result.state.openings === 1,
          parkUntilMs: result.parkUntilMs,
        },
      ];
    });
  }

  /**
   * A request of the account succeeded. Closes its breaker if this process saw it unsettled;
   * true when that ended an outage (chunks parked for it may run now).
   */
  async succeeded(provider: ProviderId, key: string): Promise<boolean> {
    if (!this.unsettled.has(key)) return false;
    this.unsettled.delete(key);
    return this.updateUsage(provider, key, (usage) => {
      const wasOpen = usage.breaker.openings > 0;
      return [{ state: usage.state, breaker: recordSuccess(usage.breaker) }, wasOpen];
    });
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
      applyThrottle(state, retryAfterMs, now, defaultBudgetPolicy(provider)),
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

  /** Changes the budget alone, keeping the breaker as stored. */
  private update<R>(
    provider: ProviderId,
    key: string,
    change: (state: BudgetState, nowMs: number) => [BudgetState, R],
  ): Promise<R> {
    return this.updateUsage(provider, key, (usage, now) => {
      const [state, result] = change(usage.state, now);
      return [{ state, breaker: usage.breaker }, result];
    });
  }

  private async updateUsage<R>(
    provider: ProviderId,
    key: string,
    change: (usage: Usage, nowMs: number) => [Usage, R],
  ): Promise<R> {
    for (;;) {
      if (!this.knownKeys.has(key)) {
        await this.pool.query(
          `INSERT INTO rate_budgets (key, provider) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
          [key, provider],
        );
        this.knownKeys.add(key);
      }
      const { rows } = await this.pool.query<{ usage: StoredUsage; version: string }>({
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
      const stored: Usage = {
        state: row.usage.state ?? initialBudgetState(now),
        breaker: row.usage.breaker ?? CLOSED_BREAKER,
      };
      if (!isClosedAndClean(stored.breaker)) this.unsettled.add(key);
      const [next, result] = change(stored, now);
      // Written only if nobody stored the row since it was read; otherwise read it again.
      const written = await this.pool.query({
        name: 'budget-write',
        text: `UPDATE rate_budgets SET usage = $2, request_count = $3,
                blocked_until = $4, next_slot_at = $5, updated_at = now()
          WHERE key = $1 AND xmin::text = $6`,
        values: [
          key,
          isClosedAndClean(next.breaker) ? { state: next.state } : next,
          next.state.requestsInWindow,
          next.state.blockedUntilMs ? new Date(next.state.blockedUntilMs) : null,
          new Date(next.state.nextSlotMs),
          row.version,
        ],
      });
      if ((written.rowCount ?? 0) > 0) return result;
    }
  }
}

/**
 * The response's readings of the reserved budget, marked with our calls in its window at the
 * reservation (the governor learns a call's cost from the pair).
 */
export function withCallsAtSend(
  readings: UsageReading[],
  key: string,
  callsAtSend: number | undefined,
): UsageReading[] {
  if (callsAtSend === undefined) return readings;
  return readings.map((reading) => (reading.key === key ? { ...reading, callsAtSend } : reading));
}

/** One budget per provider account and bucket (Marketing API: management vs insights). */
export function budgetKey(provider: ProviderId, accountId: string, chunkKind?: string): string {
  return rateBudgetKey(provider, accountId, rateBucketOf(provider, chunkKind));
}
