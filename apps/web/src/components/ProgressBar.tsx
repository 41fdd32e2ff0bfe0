import { formatPercent } from '../lib/format.ts';

type Props = { percent: number; label: string; tone?: 'active' | 'success' | 'error' | 'muted' };

export function ProgressBar({ percent, label, tone = 'active' }: Props) {
  const value = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
  return (
    <div
      className={`progress progress--${tone}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(value)}
      aria-valuetext={formatPercent(value)}
    >
      <div className="progress__fill" style={{ transform: `scaleX(${value / 100})` }} />
    </div>
  );
}
