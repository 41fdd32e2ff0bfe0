import { describe, expect, it } from 'vitest';
import { jobPercent } from './job-percent.ts';

const at = (status: Parameters<typeof jobPercent>[0]['status'], percent: number) =>
  jobPercent({ status, progress: { percent } });

describe('jobPercent', () => {
  it('never shows a running job as done', () => {
    expect(at('RUNNING', 100)).toBe(99);
    expect(at('PENDING', 100)).toBe(99);
    expect(at('RUNNING', 42.5)).toBe(42.5);
  });
  it('shows succeeded jobs as done and others as they stopped', () => {
    expect(at('SUCCEEDED', 97)).toBe(100);
    expect(at('CANCELLED', 40)).toBe(40);
    expect(at('FAILED', Number.NaN)).toBe(0);
  });
});
