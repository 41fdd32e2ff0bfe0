/**
 * Plain SVG charts (no dependency): line charts of series over time and histograms, sized
 * for the README. Axes carry their range; colours are fixed per series order.
 */
const W = 720;
const H = 300;
const PAD = { left: 64, right: 16, top: 36, bottom: 44 };
const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (value <= step * magnitude) return step * magnitude;
  return 10 * magnitude;
}

function frame(title: string, xLabel: string, yLabel: string, xMax: number, yMax: number) {
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const x = (v: number) => PAD.left + (v / xMax) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom);
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t * yMax)}" y2="${y(t * yMax)}" stroke="#e5e7eb"/>` +
        `<text x="${PAD.left - 6}" y="${y(t * yMax) + 4}" text-anchor="end">${+(t * yMax).toPrecision(3)}</text>` +
        `<text x="${x(t * xMax)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${+(t * xMax).toPrecision(3)}</text>`,
    )
    .join('');
  const head =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11" role="img">` +
    `<title>${esc(title)}</title>` +
    `<rect width="${W}" height="${H}" fill="white"/>` +
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="13">${esc(title)}</text>${grid}` +
    `<text x="${W / 2}" y="${H - 8}" text-anchor="middle">${esc(xLabel)}</text>` +
    `<text x="14" y="${H / 2}" text-anchor="middle" transform="rotate(-90 14 ${H / 2})">${esc(yLabel)}</text>`;
  return { x, y, head };
}

function legend(names: string[]): string {
  return names
    .map(
      (name, i) =>
        `<rect x="${PAD.left + 8}" y="${PAD.top + 4 + i * 14}" width="10" height="3" fill="${COLOURS[i % COLOURS.length]}"/>` +
        `<text x="${PAD.left + 22}" y="${PAD.top + 9 + i * 14}">${esc(name)}</text>`,
    )
    .join('');
}

/** Series of [x, y] points, one line each. */
export function lineChart(
  title: string,
  xLabel: string,
  yLabel: string,
  series: Record<string, [number, number][]>,
  options: { step?: boolean } = {},
): string {
  const points = Object.values(series).flat();
  const xMax = niceMax(Math.max(0, ...points.map((p) => p[0])));
  const yMax = niceMax(Math.max(0, ...points.map((p) => p[1])));
  const { x, y, head } = frame(title, xLabel, yLabel, xMax, yMax);
  const lines = Object.values(series)
    .map((line, i) => {
      const path = line
        .map(([px, py], j) => {
          const previous = line[j - 1];
          const stepTo = options.step && previous ? `L${x(px)},${y(previous[1])} ` : '';
          return `${j === 0 ? 'M' : `${stepTo}L`}${x(px).toFixed(1)},${y(py).toFixed(1)}`;
        })
        .join(' ');
      return `<path d="${path}" fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.5"/>`;
    })
    .join('');
  return `${head}${lines}${legend(Object.keys(series))}</svg>\n`;
}

/** Histograms of samples on one axis, 40 bins, as outlined step lines. */
export function histogram(
  title: string,
  xLabel: string,
  samples: Record<string, number[]>,
): string {
  const all = Object.values(samples).flat();
  const xMax = niceMax(Math.max(0, ...all));
  const bins = 40;
  const series: Record<string, [number, number][]> = {};
  for (const [name, values] of Object.entries(samples)) {
    const counts = new Array<number>(bins).fill(0);
    for (const value of values) counts[Math.min(bins - 1, Math.floor((value / xMax) * bins))]!++;
    series[`${name} (n=${values.length})`] = [
      ...counts.map(
        (count, i) =>
          [(i * xMax) / bins, (count / Math.max(1, values.length)) * 100] as [number, number],
      ),
      [xMax, 0],
    ];
  }
  return lineChart(title, xLabel, '% of samples', series, { step: true });
}

/** Requests in flight over time from [start, end] pairs (epoch ms), in seconds from the first. */
export function concurrencySeries(requests: { start: number; end: number }[]): [number, number][] {
  if (requests.length === 0) return [];
  const origin = Math.min(...requests.map((r) => r.start));
  const edges = requests.flatMap((r) => [
    [r.start - origin, 1],
    [r.end - origin, -1],
  ]) as [number, number][];
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [[0, 0]];
  let now = 0;
  for (const [at, delta] of edges) {
    now += delta;
    out.push([at / 1000, now]);
  }
  return out;
}
