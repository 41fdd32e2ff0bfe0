import { formatPercent } from '../lib/format.ts';
import { jobTone } from '../lib/labels.ts';
import type { PhaseState } from '../lib/phase-progress.ts';
import { routePath } from '../lib/router.ts';
import { Link } from './Link.tsx';
import { ProgressBar } from './ProgressBar.tsx';

/** One phase's completion on a connection card: bar, percent, link to its job. */
export function PhaseMeter({ label, state }: { label: string; state: PhaseState }) {
  const tone = state === null ? 'muted' : jobTone(state.status);
  return (
    <div className="phase">
      <div className="phase__head">
        <span>{label}</span>
        {state?.jobId ? (
          <Link href={routePath({ name: 'job', id: state.jobId })} className="num phase__value">
            {formatPercent(state.percent)}
          </Link>
        ) : (
          <span className={`num phase__value${state ? '' : ' muted'}`}>
            {state ? formatPercent(state.percent) : 'not started'}
          </span>
        )}
      </div>
      <ProgressBar percent={state?.percent ?? 0} label={`${label} completion`} tone={tone} />
    </div>
  );
}
