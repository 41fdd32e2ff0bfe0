import type { SyncProgress } from '../graphql/results.ts';
import { formatCount, formatRate } from '../lib/format.ts';
import { timeLeft } from '../lib/time-left.ts';

/** The counters of a running sync in a fixed grid, so ticking numbers never move the layout. */
export function ProgressCounts({
  progress,
  showEta = true,
}: {
  progress: SyncProgress;
  showEta?: boolean;
}) {
  const items: [string, string][] = [
    ['New', formatCount(progress.inserted)],
    ['Updated', formatCount(progress.updated)],
    ['Unchanged', formatCount(progress.unchanged)],
    ['Events', formatCount(progress.events)],
    ['Processed', formatCount(progress.itemsProcessed)],
    ['Speed', formatRate(progress.throughputPerSecond)],
  ];
  if (progress.deleted > 0) items.push(['Deleted', formatCount(progress.deleted)]);
  if (progress.skipped > 0) items.push(['Skipped', formatCount(progress.skipped)]);
  const time = timeLeft(progress);
  return (
    <>
      <dl className="counts">
        {items.map(([label, value]) => (
          <div className="counts__item" key={label}>
            <dt>{label}</dt>
            <dd className="num" data-testid={`count-${label.toLowerCase().replace(/\s+/g, '-')}`}>
              {value}
            </dd>
          </div>
        ))}
        {showEta && (
          <div className="counts__item counts__item--wide">
            <dt>Time left</dt>
            <dd
              data-testid="count-time-left"
              // The exact seconds behind the rounded words, for tests.
              data-seconds={progress.etaSeconds ?? ''}
            >
              {time.left}
              {time.finishes && (
                <span className="counts__aside" data-testid="count-finishes">
                  {' '}
                  · {time.finishes}
                </span>
              )}
            </dd>
          </div>
        )}
      </dl>
      {showEta && time.wait && (
        <p className="wait-note" data-testid="wait-note">
          {time.wait}; the time left counts it in.
        </p>
      )}
    </>
  );
}
