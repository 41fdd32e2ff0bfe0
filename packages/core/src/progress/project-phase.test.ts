import { describe, expect, it } from 'vitest';
import { initialPhaseSpanMs, projectPhaseSeconds } from './project-phase.ts';

const DAY = 86_400_000;

describe('projectPhaseSeconds', () => {
  it('scales the previous phase by the span this one reads', () => {
    const p = {
      previousSeconds: 60,
      previousSpanMs: 90 * DAY,
      spanMs: 270 * DAY,
      elapsedSeconds: 0,
    };
    expect(projectPhaseSeconds(p)).toBe(180);
    expect(projectPhaseSeconds({ ...p, elapsedSeconds: 30 })).toBe(150);
  });

  it('is unknown without a previous duration, or once it has run out', () => {
    const p = { previousSeconds: 0, previousSpanMs: 90 * DAY, spanMs: 90 * DAY, elapsedSeconds: 0 };
    expect(projectPhaseSeconds(p)).toBeNull();
    expect(projectPhaseSeconds({ ...p, previousSeconds: 10, elapsedSeconds: 20 })).toBeNull();
  });
});

describe('initialPhaseSpanMs', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  it('splits an account at 90 days', () => {
    const created = new Date(now.getTime() - 400 * DAY);
    expect(initialPhaseSpanMs('RECENT', created, now)).toBe(90 * DAY);
    expect(initialPhaseSpanMs('HISTORICAL', created, now)).toBe(310 * DAY);
  });

  it('gives a young account no history', () => {
    const created = new Date(now.getTime() - 30 * DAY);
    expect(initialPhaseSpanMs('RECENT', created, now)).toBe(30 * DAY);
    expect(initialPhaseSpanMs('HISTORICAL', created, now)).toBe(0);
  });
});
