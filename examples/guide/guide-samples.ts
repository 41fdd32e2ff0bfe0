import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const GUIDE = resolve(ROOT, 'docs/integrators.md');

/**
 * `<!-- sample: examples/src/api.ts#http -->` (a region) or `<!-- sample: examples/src/q.graphql -->`
 * (a whole file), on the line before a fenced block.
 */
const MARKER = /^<!-- sample: ([^\s#]+)(?:#([\w-]+))? -->$/;
const FENCE = /^```/;

export type Sample = { file: string; region: string | undefined };

/**
 * The lines between `#region name` and `#endregion name` in a file (any comment style), without
 * nested region markers, dedented: what the guide shows for that sample.
 */
export function regionOf(file: string, region: string | undefined): string {
  const text = readFileSync(resolve(ROOT, file), 'utf8');
  if (region === undefined) return text.replace(/\n$/, '');
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim().endsWith(`#region ${region}`));
  const end = lines.findIndex((line) => line.trim().endsWith(`#endregion ${region}`));
  if (start < 0 || end < start) throw new Error(`${file} has no region "${region}"`);
  const body = lines.slice(start + 1, end).filter((line) => !/#(end)?region\b/.test(line));
  const indent = Math.min(
    ...body.filter((line) => line.trim()).map((line) => line.length - line.trimStart().length),
  );
  return body.map((line) => line.slice(indent)).join('\n');
}

/**
 * The guide with every marked block replaced by its region; throws on a fenced block without a
 * marker, so no sample can be written by hand and drift.
 */
export function renderGuide(markdown: string): { text: string; samples: Sample[] } {
  const lines = markdown.split('\n');
  const out: string[] = [];
  const samples: Sample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const marker = MARKER.exec(line.trim());
    if (FENCE.test(line.trim())) {
      throw new Error(`docs/integrators.md:${i + 1}: a code block without a sample marker`);
    }
    out.push(line);
    if (!marker) continue;
    const fence = lines[i + 1];
    if (!fence || !FENCE.test(fence.trim())) {
      throw new Error(`docs/integrators.md:${i + 1}: a sample marker not followed by a code block`);
    }
    const close = lines.findIndex((l, j) => j > i + 1 && FENCE.test(l.trim()));
    if (close < 0) throw new Error(`docs/integrators.md:${i + 2}: an unclosed code block`);
    const sample = { file: marker[1]!, region: marker[2] };
    samples.push(sample);
    out.push(fence, regionOf(sample.file, sample.region), lines[close]!);
    i = close;
  }
  return { text: out.join('\n'), samples };
}
