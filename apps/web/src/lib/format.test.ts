import { describe, expect, it } from 'vitest';
import {
  formatApproxDuration,
  formatCompact,
  formatCount,
  formatDuration,
  formatEta,
  formatPercent,
  formatRate,
  formatRelative,
} from './format.ts';

describe('formatPercent', () => {
  it('shows a dash for missing or non-finite values', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
  it('clamps to 0–100', () => {
    expect(formatPercent(-5)).toBe('0%');
    expect(formatPercent(140)).toBe('100%');
  });
  it('keeps one decimal under 10% so early progress moves', () => {
    expect(formatPercent(0.42)).toBe('0.4%');
    expect(formatPercent(9.94)).toBe('9.9%');
    expect(formatPercent(42.6)).toBe('43%');
  });
  it('never rounds unfinished work up to 100%', () => {
    expect(formatPercent(99.7)).toBe('99%');
    expect(formatPercent(100)).toBe('100%');
  });
});

describe('formatEta', () => {
  it('says it is estimating when unknown or negative', () => {
    expect(formatEta(null)).toBe('estimating…');
    expect(formatEta(-1)).toBe('estimating…');
    expect(formatEta(Number.POSITIVE_INFINITY)).toBe('estimating…');
  });
  it('rounds to what a person plans with, and says it is time left', () => {
    expect(formatEta(12)).toBe('less than a minute left');
    expect(formatEta(170)).toBe('about 3 min left');
    expect(formatEta(7500)).toBe('about 2 h 5 min left');
    expect(formatEta(3600 + 59 * 60)).toBe('about 2 h left');
    expect(formatEta(2 * 86_400 + 3 * 3600)).toBe('about 2 d 3 h left');
  });
  it('gives a duration without "left" for projections ("History: about 40 min")', () => {
    expect(formatApproxDuration(40 * 60)).toBe('about 40 min');
  });
});

describe('formatDuration', () => {
  it('shows milliseconds below a second and a dash for missing', () => {
    expect(formatDuration(350)).toBe('350ms');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-3)).toBe('—');
  });
});

describe('counts and rates', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(null)).toBe('—');
  });
  it('rounds small averages and abbreviates large ones', () => {
    expect(formatCompact(658.7)).toBe('659');
    expect(formatCompact(1234)).toBe('1.2K');
  });
  it('keeps a decimal for slow rates', () => {
    expect(formatRate(0.42)).toBe('0.4/s');
    expect(formatRate(1234.4)).toBe('1,234/s');
    expect(formatRate(null)).toBe('—');
  });
});

describe('formatRelative', () => {
  const now = new Date('2026-01-10T12:00:00Z');
  it('reads past and future instants', () => {
    expect(formatRelative(null, now)).toBe('never');
    expect(formatRelative('2026-01-10T11:59:50Z', now)).toBe('just now');
    expect(formatRelative('2026-01-10T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-01-10T15:00:00Z', now)).toBe('in 3 hours');
    expect(formatRelative('2026-01-09T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelative('not a date', now)).toBe('—');
  });
});
