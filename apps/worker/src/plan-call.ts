import { isProviderError } from '@tributary/core';
import type { LoadedConnection } from './connection-access.ts';
import type { EngineDeps } from './engine-deps.ts';
import { budgetKey, withCallsAtSend } from './governor.ts';
import { wakeParked } from './wake-parked.ts';

type CallContext = LoadedConnection & {
  signal: AbortSignal;
  reportUsage: NonNullable<LoadedConnection['reportUsage']>;
};

/**
 * Planning has to wait `waitMs` for its account (rate budget, or `outage` for its breaker):
 * longer than a worker sleeps holding a queue job, so planning is queued again for then.
 */
export class PlanWait extends Error {
  constructor(
    readonly waitMs: number,
    readonly outage: boolean,
  ) {
    super(
      outage ? `provider unavailable for ${waitMs} ms` : `rate budget: next slot in ${waitMs} ms`,
    );
    this.name = 'PlanWait';
  }
}

/**
 * One planning call through the governor, like a chunk's page: it waits for (or is rescheduled
 * by) the rate budget and the account's breaker, feeds every response's usage reading back,
 * and a throttle is waited out here when short (planning makes several calls in a row; starting
 * over would spend the same budget again). Longer waits throw PlanWait.
 */
export async function planCall<T>(
  deps: EngineDeps,
  connection: LoadedConnection,
  call: (context: CallContext) => Promise<T>,
): Promise<T> {
  const { provider } = connection;
  const key = budgetKey(provider, connection.accountId);
  const readings: Promise<void>[] = [];
  let callsAtSend: number | undefined;
  const context: CallContext = {
    ...connection,
    // No deadline on the call: each request has its own timeout (a transient failure).
    signal: new AbortController().signal,
    reportUsage: (usage) => {
      const marked = withCallsAtSend(usage, key, callsAtSend);
      readings.push(deps.governor.observe(provider, marked).catch(() => {}));
    },
  };
  for (;;) {
    const slot = await deps.governor.acquire(provider, key, deps.config.maxInlineWaitMs);
    if (slot.waitMs > 0) throw new PlanWait(slot.waitMs, slot.outage);
    callsAtSend = slot.callsAtSend;
    try {
      const result = await call(context);
      await Promise.all(readings);
      if (await deps.governor.succeeded(provider, key)) {
        await wakeParked(deps, provider, connection.accountId);
      }
      return result;
    } catch (error) {
      await Promise.all(readings);
      if (!isProviderError(error) || error.kind !== 'rate_limited') throw error;
      const throttleMs = error.retryAfterMs ?? 1000;
      await deps.governor.throttled(provider, key, throttleMs);
      if (throttleMs > deps.config.maxInlineWaitMs) throw new PlanWait(throttleMs, false);
    }
  }
}
