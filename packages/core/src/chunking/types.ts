import type { Window } from '../plan/window.ts';
import type { ChunkInput, Cursor } from '../source/connector.ts';

export type SyncModeName = 'INITIAL' | 'INCREMENTAL' | 'FULL_RESYNC' | 'CUSTOM_RANGE';
export type SyncPhaseName = 'RECENT' | 'HISTORICAL' | 'INCREMENTAL' | 'CUSTOM';

export type StreamStateView = { cursor: Cursor | null; watermark: Date | null };

/** Everything a provider's planner needs to know about a job; no I/O. */
export type PlanContext = {
  mode: SyncModeName;
  phase: SyncPhaseName;
  now: Date;
  accountCreatedAt: Date;
  /** CUSTOM_RANGE only. */
  customWindow: Window | null;
  /** Streams the user asked for; null = all. */
  streams: readonly string[] | null;
  streamStates: Readonly<Record<string, StreamStateView>>;
  /** The job's base priority; chunks get this minus their order (newest windows first). */
  basePriority: number;
};

export type PlannedChunk = ChunkInput & {
  label: string;
  priority: number;
  /** Provider cursor the chunk starts from (e.g. a stored delta link). */
  inputCursor?: Cursor;
  /** Store the chunk's final stream cursor under this key of the stream's cursor object. */
  streamCursorKey?: string;
  /**
   * The chunk lists the whole stream: when it completes, stored rows it did not see are gone
   * at the provider and are marked deleted (mail folders: no change feed for folders).
   */
  completeListing?: boolean;
};

export type InitialPlan = {
  chunks: PlannedChunk[];
  /** More chunks follow once these finish (Facebook insights need the discovered entities). */
  fanOut: boolean;
};

export function wants(context: PlanContext, stream: string): boolean {
  return context.streams === null || context.streams.includes(stream);
}
