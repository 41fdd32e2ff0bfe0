import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GUIDE, renderGuide } from './guide-samples.ts';

describe('docs/integrators.md', () => {
  it('shows the example’s code verbatim: every code block is a marked region of examples/', () => {
    const guide = readFileSync(GUIDE, 'utf8');
    const { text, samples } = renderGuide(guide);
    expect(samples.length).toBeGreaterThanOrEqual(7);
    expect(samples.every((s) => s.file.startsWith('examples/src/'))).toBe(true);
    // Fix a failure with `pnpm --filter @tributary/examples guide` (or edit the example).
    expect(guide).toBe(text);
  });

  it('refuses a code block written by hand and a sample whose region is gone', () => {
    expect(() => renderGuide('text\n```ts\nconst x = 1;\n```\n')).toThrow(
      /a code block without a sample marker/,
    );
    expect(() => renderGuide('<!-- sample: examples/src/api.ts#nowhere -->\n```ts\n```\n')).toThrow(
      /has no region "nowhere"/,
    );
  });
});
