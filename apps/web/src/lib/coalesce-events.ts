import { plural } from './plural.ts';

export type LogEvent = {
  kind: string;
  message?: string | null;
  at: string;
  chunkId?: string | null;
  resumesAt?: string | null;
};

/** Consecutive events of one kind, shown as one row. */
export type LogRow = {
  kind: string;
  count: number;
  /** Distinct chunks among them (events without a chunk count once each). */
  chunks: number;
  /** Oldest and newest event of the run. */
  from: string;
  to: string;
  /** The newest event's message. */
  message: string | null;
  /** The latest time a waiting chunk resumes. */
  resumesAt: string | null;
};

/** Milestones, each worth its own row: never merged with their neighbours. */
const SINGLE_KINDS = new Set(['STATUS_CHANGED', 'PHASE_COMPLETED', 'AUTH_EXPIRED']);

/**
 * Newest-first events → rows: a run of the same kind (a burst of rate-limit waits, retries)
 * becomes one row with a count and a time span; progress ticks are left out (the bar shows
 * them). A different kind in between starts a new row, so the order of what happened stays.
 */
export function coalesceEvents(events: readonly LogEvent[]): LogRow[] {
  const rows: (LogRow & { chunkIds: Set<string> })[] = [];
  for (const event of events) {
    if (event.kind === 'PROGRESS') continue;
    const last = rows.at(-1);
    if (last && last.kind === event.kind && !SINGLE_KINDS.has(event.kind)) {
      last.count++;
      if (event.at < last.from) last.from = event.at;
      if (event.at > last.to) last.to = event.at;
      if (event.chunkId) last.chunkIds.add(event.chunkId);
      else last.chunks++;
      if (event.resumesAt && (!last.resumesAt || event.resumesAt > last.resumesAt)) {
        last.resumesAt = event.resumesAt;
      }
      continue;
    }
    rows.push({
      kind: event.kind,
      count: 1,
      chunks: event.chunkId ? 0 : 1,
      chunkIds: new Set(event.chunkId ? [event.chunkId] : []),
      from: event.at,
      to: event.at,
      message: event.message ?? null,
      resumesAt: event.resumesAt ?? null,
    });
  }
  return rows.map(({ chunkIds, ...row }) => ({ ...row, chunks: row.chunks + chunkIds.size }));
}

/** The words of a coalesced row: "64 chunks pacing, resuming 12:34:35". */
export function describeRow(row: LogRow, clock: (iso: string) => string): string {
  if (row.count === 1) return row.message ?? '';
  const resuming = row.resumesAt ? `, resuming ${clock(row.resumesAt)}` : '';
  switch (row.kind) {
    case 'RATE_LIMITED': {
      const why = row.message?.includes('throttled') ? 'throttled by the provider' : 'pacing';
      return `${plural(row.chunks, 'chunk')} ${why}${resuming}`;
    }
    case 'CHUNK_RETRYING':
      return `${plural(row.count, 'retry', 'retries')} across ${plural(row.chunks, 'chunk')}${resuming}`;
    case 'CHUNK_FAILED':
      return `${plural(row.chunks, 'chunk')} failed; latest: ${row.message ?? ''}`;
    default:
      return `${row.message ?? ''} (${plural(row.count, 'time')})`;
  }
}
