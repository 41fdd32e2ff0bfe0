import type { SyncEvent } from '../graphql/results.ts';

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

/** Newest first; progress ticks are left out (the bar shows them). */
export function ActivityLog({ events }: { events: SyncEvent[] }) {
  const shown = events.filter((event) => event.kind !== 'PROGRESS');
  if (shown.length === 0) return <p className="muted">No activity yet.</p>;
  return (
    <ol className="log" aria-label="Activity log">
      {shown.map((event, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: events have no id; order is stable
        <li key={`${event.at}-${i}`} className={`log__item log__item--${event.kind}`}>
          <time className="num log__time" dateTime={event.at}>
            {new Date(event.at).toLocaleTimeString('en-US', { hour12: false })}
          </time>
          <span className="log__kind">{KIND_LABELS[event.kind] ?? event.kind}</span>
          <span className="log__message">{event.message ?? ''}</span>
        </li>
      ))}
    </ol>
  );
}
