import { describe, expect, it } from 'vitest';
import { windowDays } from './insights-window.ts';

describe('windowDays', () => {
  it('reads [Jan 1, Apr 1) as since Jan 1 until Mar 31', () => {
    expect(windowDays(new Date('2025-01-01T00:00:00Z'), new Date('2025-04-01T00:00:00Z'))).toEqual({
      since: '2025-01-01',
      until: '2025-03-31',
    });
  });

  it('ends on the day before the end’s date even when the end is mid-day', () => {
    expect(windowDays(new Date('2025-01-01T13:00:00Z'), new Date('2025-01-03T09:30:00Z'))).toEqual({
      since: '2025-01-01',
      until: '2025-01-02',
    });
  });

  it('is null for a window without a whole day before its end date', () => {
    expect(
      windowDays(new Date('2025-01-01T01:00:00Z'), new Date('2025-01-01T23:00:00Z')),
    ).toBeNull();
  });
});
