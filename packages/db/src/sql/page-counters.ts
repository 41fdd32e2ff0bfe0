/**
 * The SET lists a page commit applies to its chunk and its job, as SQL over expressions the
 * caller names (parameters, or columns of the statement's own counts): one text for both ways
 * a page commits (one statement, or steps in a transaction), so neither can drift.
 */
export type PageCounterSql = {
  checkpoint: string;
  items: string;
  inserted: string;
  updated: string;
  unchanged: string;
  deleted: string;
  events: string;
  estimatedTotal: string;
  progressShare: string;
  elapsedMs: string;
  leaseMs: string;
  done: string;
  activity: string;
  itemLabel: string;
};

/** Throughput's half-life: after 10 s an old rate carries half its weight. */
export const THROUGHPUT_HALF_LIFE_MS = 10_000;

export function chunkCountersSet(p: PageCounterSql): string {
  return `checkpoint = ${p.checkpoint}, pages_fetched = pages_fetched + 1,
          items_processed = items_processed + ${p.items}, inserted = inserted + ${p.inserted},
          updated = updated + ${p.updated}, unchanged = unchanged + ${p.unchanged},
          deleted = deleted + ${p.deleted}, events = events + ${p.events},
          items_estimated = COALESCE(${p.estimatedTotal}, items_estimated),
          progress_share = GREATEST(progress_share, ${p.progressShare}::double precision),
          duration_ms = duration_ms + ${p.elapsedMs},
          checkpoint_advanced_at = now(), stalled_leases = 0,
          lease_expires_at = now() + make_interval(secs => ${p.leaseMs}::double precision / 1000),
          status = CASE WHEN ${p.done} THEN 'SUCCEEDED'::"ChunkStatus" ELSE status END,
          lease_owner = CASE WHEN ${p.done} THEN NULL ELSE lease_owner END,
          finished_at = CASE WHEN ${p.done} THEN now() ELSE finished_at END,
          updated_at = now()`;
}

/**
 * The job's counters and its throughput: an exponential moving average whose weight follows the
 * time since the job's last progress (core's updateThroughput, here under the row lock, so two
 * chunks committing at once fold their pages in one after the other). The time is measured by
 * the clock, not the transaction's start, so it is never negative; a job's first page uses the
 * page's own elapsed time.
 */
export function jobCountersSet(p: PageCounterSql): string {
  const elapsed = `GREATEST(COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - last_progress_at) * 1000,
                    ${p.elapsedMs}::double precision), 1)`;
  const sample = `(${p.items}::double precision * 1000 / ${elapsed})`;
  return `items_processed = items_processed + ${p.items}, inserted = inserted + ${p.inserted},
          updated = updated + ${p.updated}, unchanged = unchanged + ${p.unchanged},
          deleted = deleted + ${p.deleted}, events = events + ${p.events},
          throughput_per_second = CASE WHEN throughput_per_second IS NULL THEN ${sample}
            ELSE throughput_per_second + (1 - power(2, -${elapsed} / ${THROUGHPUT_HALF_LIFE_MS}))
                 * (${sample} - throughput_per_second) END,
          last_progress_at = now(),
          current_activity = ${p.activity}, current_item_label = COALESCE(${p.itemLabel}, current_item_label),
          updated_at = now()`;
}
