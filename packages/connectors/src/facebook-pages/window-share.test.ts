import { describe, expect, it } from 'vitest';
import { windowShare } from './window-share.ts';

const day = (d: number) => new Date(Date.UTC(2026, 0, 1 + d));

describe('windowShare', () => {
  it('is the share of the window between its end and the oldest conversation reached', () => {
    expect(windowShare(day(0), day(100), day(75))).toBe(0.25);
    expect(windowShare(day(0), day(100), day(0))).toBe(1);
  });

  it('stays within 0–1 for conversations outside the window', () => {
    expect(windowShare(day(0), day(100), day(120))).toBe(0);
    expect(windowShare(day(0), day(100), day(-5))).toBe(1);
  });

  it('is unknown without a window', () => {
    expect(windowShare(null, day(100), day(5))).toBeUndefined();
    expect(windowShare(day(100), day(100), day(5))).toBeUndefined();
  });
});
