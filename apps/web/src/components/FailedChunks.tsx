import type { SyncChunk } from '../graphql/results.ts';
import { formatDate } from '../lib/format.ts';
import { plural } from '../lib/plural.ts';
import { ErrorExplanation } from './ErrorExplanation.tsx';

/** Chunks that ran out of retries, with the provider's error in words. */
export function FailedChunks({ chunks }: { chunks: SyncChunk[] }) {
  const failed = chunks.filter((chunk) => chunk.status === 'FAILED');
  if (failed.length === 0) return null;
  return (
    <ul className="failed-list" aria-label="Failed chunks">
      {failed.map((chunk) => (
        <li key={chunk.id} className="failed-list__item">
          <strong>
            #{chunk.index} {chunk.stream}
          </strong>{' '}
          <span className="muted small">
            {chunk.windowStart && chunk.windowEnd
              ? `${formatDate(chunk.windowStart)} – ${formatDate(chunk.windowEnd)}`
              : (chunk.label ?? chunk.kind)}
            {' · '}
            {plural(chunk.attempts, 'attempt')}
          </span>
          <div className="small">
            {chunk.lastError || chunk.lastErrorCode ? (
              <ErrorExplanation message={chunk.lastError} code={chunk.lastErrorCode} />
            ) : (
              <p>No error message was recorded.</p>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
