import type { ProviderId } from '@tributary/core';
import { enqueueChunks, withTransaction } from '@tributary/db';
import { OUTAGE_CODE } from './chunk-failure.ts';
import type { EngineDeps } from './engine-deps.ts';

/**
 * A probe succeeded: the chunks parked for the account's outage may run now rather than at
 * the wait they were given. Each connection of the account gets as many queue jobs as it has
 * lanes; its lanes continue with the rest.
 */
export async function wakeParked(
  deps: EngineDeps,
  provider: ProviderId,
  accountId: string,
): Promise<void> {
  await withTransaction(deps.pool, async (tx) => {
    const { rows } = await tx.query<{ id: string; priority: number; lane: number }>(
      `WITH woken AS (
         UPDATE sync_chunks c SET run_after = now(), updated_at = now()
           FROM connections cn
          WHERE cn.provider = $1 AND cn.external_account_id = $2 AND c.connection_id = cn.id
            AND c.status = 'RATE_LIMITED' AND c.last_error_code = $3 AND c.run_after > now()
          RETURNING c.id, c.priority, c.connection_id, c.index)
       SELECT id, priority, lane FROM (
         SELECT id, priority,
                row_number() OVER (PARTITION BY connection_id ORDER BY priority DESC, index) AS lane
           FROM woken) ranked
        WHERE lane <= $4`,
      [provider, accountId, OUTAGE_CODE, deps.config.connectionLimits[provider]],
    );
    if (rows.length > 0) await enqueueChunks(tx, deps.queue, rows);
  });
}
