import type { SyncEvent } from '../graphql/results.ts';
import { coalesceEvents, describeRow } from '../lib/coalesce-events.ts';
import { formatClockSeconds } from '../lib/format.ts';

const KIND_LABELS: Record<string, string> = {
  PROGRESS: 'Progress',
  STATUS_CHANGED: 'Status',
  PHASE_COMPLETED: 'Phase done',
  CHUNK_RETRYING: 'Retry',
  CHUNK_FAILED: 'Chunk failed',
  RATE_LIMITED: 'Rate limit',
  TIME_BUDGET_CHECKPOINT: 'Checkpoint',
  CHUNK_SPLIT: 'Split',
  CHUNK_STALLED: 'Stalled',
  AUTH_EXPIRED: 'Auth expired',
  PROVIDER_UNAVAILABLE: 'Provider down',
};

/**
 * Newest first, opening at the latest events; runs of one kind (a burst of rate-limit waits)
 * are one row with a count and a time span. Older events load a page at a time.
 */
export function ActivityLog({
  events,
  hasOlder = false,
  onLoadOlder,
}: {
  events: SyncEvent[];
  hasOlder?: boolean;
  onLoadOlder?: () => void;
}) {
  const rows = coalesceEvents(events);
  if (rows.length === 0 && !hasOlder) return <p className="muted">No activity yet.</p>;
  return (
    <>
      <ol className="log" aria-label="Activity log">
        {rows.map((row) => (
          <li
            key={`${row.to}-${row.kind}-${row.from}`}
            className={`log__item log__item--${row.kind}`}
            data-testid="log-row"
            data-count={row.count}
          >
            <span className="num log__time">
              <time dateTime={row.to}>{formatClockSeconds(row.to)}</time>
              {row.count > 1 && (
                <>
                  {' '}
                  <span className="log__since">
                    since <time dateTime={row.from}>{formatClockSeconds(row.from)}</time>
                  </span>
                </>
              )}
            </span>
            <span className="log__kind">
              {KIND_LABELS[row.kind] ?? row.kind}
              {row.count > 1 && <span className="log__count"> ×{row.count}</span>}
            </span>
            <span className="log__message">{describeRow(row, formatClockSeconds)}</span>
          </li>
        ))}
      </ol>
      {hasOlder && onLoadOlder && (
        <button type="button" className="button button--ghost" onClick={onLoadOlder}>
          Show older events
        </button>
      )}
    </>
  );
}
