import type { Values } from '../scenarios/scenario.ts';
import type { Summary } from './targets.ts';

/** min / median / max of every value over a scenario's runs (runs that lack it are skipped). */
export function summarize(runs: Values[]): Summary[string] {
  const keys = [...new Set(runs.flatMap((values) => Object.keys(values)))];
  const out: Summary[string] = {};
  for (const key of keys) {
    const samples = runs
      .map((values) => values[key])
      .filter((v): v is number => v !== undefined && Number.isFinite(v))
      .sort((a, b) => a - b);
    if (samples.length === 0) {
      out[key] = { min: Number.NaN, median: Number.NaN, max: Number.NaN };
      continue;
    }
    const middle = samples.length >> 1;
    const median =
      samples.length % 2 ? samples[middle]! : (samples[middle - 1]! + samples[middle]!) / 2;
    out[key] = { min: samples[0]!, median, max: samples.at(-1)! };
  }
  return out;
}
