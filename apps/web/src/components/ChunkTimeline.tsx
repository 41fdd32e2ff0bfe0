import type { ChunkStatus } from '../generated/graphql.ts';
import type { SyncChunk, SyncJob } from '../graphql/results.ts';
import { layoutChunks } from '../lib/chunk-layout.ts';
import { formatCount, formatDate } from '../lib/format.ts';
import { CHUNK_STATUS_LABELS } from '../lib/labels.ts';

const LANE_HEIGHT = 28;
const LANE_GAP = 10;
const LABEL_WIDTH = 150;
const WIDTH = 1000;

const STATUSES: ChunkStatus[] = [
  'PENDING',
  'RUNNING',
  'RATE_LIMITED',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
];

/**
 * Every chunk as a bar: one lane per stream, placed by its time window, coloured by status.
 * Retried chunks carry a dot per extra attempt; rate-limited ones are striped.
 */
export function ChunkTimeline({
  chunks,
  counts,
}: {
  chunks: SyncChunk[];
  /** The job's live chunk counts: the legend shows the same numbers as the job's summary. */
  counts: SyncJob['chunkCounts'];
}) {
  if (chunks.length === 0) return <p className="muted">No chunks planned yet.</p>;
  const layout = layoutChunks(chunks);
  // Stacked rows share the lane height, so a lane with many entity batches stays compact.
  const laneHeights = layout.lanes.map((lane) =>
    Math.max(LANE_HEIGHT, Math.min(lane.rows, 12) * 8),
  );
  const laneTops = laneHeights.map((_, i) =>
    laneHeights.slice(0, i).reduce((sum, h) => sum + h + LANE_GAP, 0),
  );
  const height = laneTops.at(-1)! + laneHeights.at(-1)! + 24;
  const plot = WIDTH - LABEL_WIDTH;
  return (
    <figure className="timeline">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={`Chunk timeline: ${chunks.length} chunks`}
        preserveAspectRatio="none"
        className="timeline__svg"
        style={{ aspectRatio: `${WIDTH} / ${height}` }}
      >
        <defs>
          <pattern
            id="stripes"
            width="8"
            height="8"
            patternUnits="userSpaceOnUse"
            patternTransform="rotate(45)"
          >
            <rect width="8" height="8" className="chunk--RATE_LIMITED" />
            <line x1="0" y1="0" x2="0" y2="8" stroke="rgba(0,0,0,.25)" strokeWidth="4" />
          </pattern>
        </defs>
        {layout.lanes.map((lane, i) => (
          <text
            key={lane.stream}
            x={0}
            y={laneTops[i]! + laneHeights[i]! / 2 + 5}
            className="timeline__lane"
          >
            {lane.stream}
          </text>
        ))}
        {layout.bars.map(({ chunk, lane, x, width, row }) => {
          const rows = layout.lanes[lane]!.rows;
          const rowHeight = laneHeights[lane]! / rows;
          const y = laneTops[lane]! + row * rowHeight;
          const retries = Math.max(chunk.attempts - 1, 0);
          return (
            <g key={chunk.id} data-status={chunk.status}>
              <rect
                x={LABEL_WIDTH + x * plot}
                y={y + 1}
                width={Math.max(width * plot - 2, 2)}
                height={Math.max(rowHeight - 2, 2)}
                rx={2}
                className={`chunk chunk--${chunk.status}`}
                fill={chunk.status === 'RATE_LIMITED' ? 'url(#stripes)' : undefined}
              >
                <title>{describe(chunk)}</title>
              </rect>
              {Array.from({ length: Math.min(retries, 5) }, (_, k) => (
                <circle
                  // biome-ignore lint/suspicious/noArrayIndexKey: retry markers have no identity
                  key={k}
                  cx={LABEL_WIDTH + x * plot + 5 + k * 6}
                  cy={y + rowHeight / 2}
                  r={2.2}
                  className="chunk__retry"
                />
              ))}
            </g>
          );
        })}
        {layout.from !== null && layout.to !== null && (
          <>
            <text x={LABEL_WIDTH} y={height - 6} className="timeline__axis">
              {formatDate(new Date(layout.from).toISOString())}
            </text>
            <text x={WIDTH} y={height - 6} textAnchor="end" className="timeline__axis">
              {formatDate(new Date(layout.to).toISOString())}
            </text>
          </>
        )}
      </svg>
      <figcaption className="legend">
        {STATUSES.map((status) => (
          <span key={status} className="legend__item">
            <span className={`legend__swatch chunk--${status}`} aria-hidden="true" />
            {CHUNK_STATUS_LABELS[status]}{' '}
            <span className="num" data-testid={`legend-${status}`}>
              {formatCount(counts[COUNT_FIELDS[status]])}
            </span>
          </span>
        ))}
        <span className="legend__item">
          <span className="legend__dot" aria-hidden="true" /> retry
        </span>
      </figcaption>
    </figure>
  );
}

const COUNT_FIELDS: Record<ChunkStatus, Exclude<keyof SyncJob['chunkCounts'], 'total'>> = {
  PENDING: 'pending',
  RUNNING: 'running',
  RATE_LIMITED: 'rateLimited',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
};

function describe(chunk: SyncChunk): string {
  const window =
    chunk.windowStart && chunk.windowEnd
      ? `${formatDate(chunk.windowStart)} – ${formatDate(chunk.windowEnd)}`
      : chunk.kind;
  const lines = [
    `#${chunk.index} ${chunk.stream} ${chunk.label ?? ''}`.trim(),
    window,
    `${CHUNK_STATUS_LABELS[chunk.status]} · ${formatCount(chunk.itemsProcessed)} items · attempt ${chunk.attempts}/${chunk.maxAttempts}`,
  ];
  if (chunk.lastError) lines.push(chunk.lastError);
  return lines.join('\n');
}
