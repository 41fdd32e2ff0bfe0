type Point = { x: number; y: number | null };

type Props = {
  title: string;
  points: Point[];
  formatY: (value: number) => string;
  formatX: (value: number) => string;
  /** Fixed upper bound (e.g. 1 for rates); otherwise the data's maximum. */
  maxY?: number;
};

const W = 320;
const H = 140;
const PAD = { left: 8, right: 8, top: 12, bottom: 22 };

/** A small hand-drawn SVG line chart; a single point is drawn as a dot. */
export function LineChart({ title, points, formatY, formatX, maxY }: Props) {
  const present = points.filter((p): p is { x: number; y: number } => p.y !== null);
  const last = present.at(-1);
  return (
    <figure className="card chart">
      <figcaption className="chart__head">
        <span>{title}</span>
        <span className="num chart__value">{last ? formatY(last.y) : '—'}</span>
      </figcaption>
      {present.length === 0 ? (
        <p className="muted small chart__empty">No finished syncs yet.</p>
      ) : (
        <Plot present={present} formatX={formatX} title={title} maxY={maxY} formatY={formatY} />
      )}
    </figure>
  );
}

function Plot({
  present,
  formatX,
  formatY,
  title,
  maxY,
}: {
  present: { x: number; y: number }[];
  formatX: (value: number) => string;
  formatY: (value: number) => string;
  title: string;
  maxY: number | undefined;
}) {
  const xs = present.map((p) => p.x);
  const minX = Math.min(...xs);
  const spanX = Math.max(...xs) - minX || 1;
  const top = maxY ?? (Math.max(...present.map((p) => p.y)) || 1);
  const sx = (x: number) =>
    present.length === 1 ? W / 2 : PAD.left + ((x - minX) / spanX) * (W - PAD.left - PAD.right);
  const sy = (y: number) => PAD.top + (1 - y / top) * (H - PAD.top - PAD.bottom);
  const path = present
    .map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
    .join(' ');
  const description = present.map((p) => `${formatX(p.x)}: ${formatY(p.y)}`).join('; ');
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="chart__svg"
      role="img"
      aria-label={`${title}. ${description}`}
    >
      <line x1={PAD.left} x2={W - PAD.right} y1={sy(0)} y2={sy(0)} className="chart__axis" />
      <line x1={PAD.left} x2={W - PAD.right} y1={sy(top)} y2={sy(top)} className="chart__grid" />
      <path d={path} className="chart__line" />
      {present.map((p) => (
        <circle key={p.x} cx={sx(p.x)} cy={sy(p.y)} r={3} className="chart__dot">
          <title>{`${formatX(p.x)}: ${formatY(p.y)}`}</title>
        </circle>
      ))}
      <text x={PAD.left} y={H - 6} className="chart__label">
        {formatX(present[0]!.x)}
      </text>
      {present.length > 1 && (
        <text x={W - PAD.right} y={H - 6} textAnchor="end" className="chart__label">
          {formatX(present.at(-1)!.x)}
        </text>
      )}
    </svg>
  );
}
