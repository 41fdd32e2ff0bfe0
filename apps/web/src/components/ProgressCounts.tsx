import type { SyncProgress } from '../graphql/results.ts';
import { formatCount, formatEta, formatRate } from '../lib/format.ts';

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
  if (showEta) items.push(['Time left', formatEta(progress.etaSeconds)]);
  return (
    <dl className="counts">
      {items.map(([label, value]) => (
        <div className="counts__item" key={label}>
          <dt>{label}</dt>
          <dd className="num" data-testid={`count-${label.toLowerCase().replace(/\s+/g, '-')}`}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
