import { type BreakerState, breakerAvailability } from '@tributary/core';
import type { Queryable } from '@tributary/db';

export type AvailabilityRow = {
  state: 'AVAILABLE' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'PROBING';
  retryAt: Date | null;
  reason: string | null;
};

/** The more urgent of two states wins when an account has several budgets (rate buckets). */
const SEVERITY: Record<AvailabilityRow['state'], number> = {
  AVAILABLE: 0,
  RATE_LIMITED: 1,
  PROBING: 2,
  UNAVAILABLE: 3,
};

/**
 * Whether each connection's provider account takes requests now: its breakers (outage
 * parking) and rate budgets, from the account's shared rate_budgets rows (the worker's
 * governor writes them; keys are `PROVIDER:accountId`, or `PROVIDER:accountId:bucket` for
 * providers with several rate buckets).
 */
export async function loadAvailability(
  db: Queryable,
  connectionIds: readonly string[],
): Promise<Map<string, AvailabilityRow>> {
  const { rows } = await db.query<{
    id: string;
    breaker: BreakerState | null;
    blocked_until: Date | null;
  }>(
    `SELECT c.id, b.usage->'breaker' AS breaker, b.blocked_until
       FROM connections c
       LEFT JOIN rate_budgets b
         ON b.key = c.provider::text || ':' || c.external_account_id
         OR b.key LIKE c.provider::text || ':' || c.external_account_id || ':%'
      WHERE c.id = ANY($1::uuid[])`,
    [connectionIds],
  );
  const now = Date.now();
  const result = new Map<string, AvailabilityRow>();
  for (const row of rows) {
    const state = availabilityOf(row, now);
    const held = result.get(row.id);
    if (!held || SEVERITY[state.state] > SEVERITY[held.state]) result.set(row.id, state);
  }
  return result;
}

function availabilityOf(
  row: { breaker: BreakerState | null; blocked_until: Date | null },
  now: number,
): AvailabilityRow {
  const outage = row.breaker ? breakerAvailability(row.breaker, now) : null;
  if (outage && outage.state !== 'AVAILABLE') {
    return {
      state: outage.state,
      retryAt: outage.retryAtMs === null ? null : new Date(outage.retryAtMs),
      reason: outage.reason,
    };
  }
  if (row.blocked_until && row.blocked_until.getTime() > now) {
    return {
      state: 'RATE_LIMITED',
      retryAt: row.blocked_until,
      reason: 'The provider’s rate limit for this account is used up',
    };
  }
  return { state: 'AVAILABLE', retryAt: null, reason: null };
}
