import { describe, expect, it } from 'vitest';
import { describeChunk } from './activity-label.ts';

const start = new Date('2025-06-01T00:00:00Z');
const end = new Date('2025-08-30T00:00:00Z');

describe('describeChunk', () => {
  it('names insights by level, entity range and the days included', () => {
    expect(
      describeChunk({
        stream: 'ad_insights_daily',
        kind: 'insights',
        level: 'campaign',
        entityOffset: 50,
        entityCount: 50,
        windowStart: start,
        windowEnd: end,
      }),
    ).toBe('Ad insights, campaigns 51–100, 2025-06-01 → 2025-08-29');
    expect(
      describeChunk({
        stream: 'ad_insights_daily',
        kind: 'insights',
        level: 'ad',
        entityOffset: 7,
        entityCount: 1,
      }),
    ).toBe('Ad insights, ad 8');
  });

  it('names structure and Messenger chunks', () => {
    expect(describeChunk({ stream: 'campaigns', kind: 'structure' })).toBe('Campaigns');
    expect(
      describeChunk({
        stream: 'conversations',
        kind: 'conversations',
        windowStart: start,
        windowEnd: end,
      }),
    ).toBe('Messenger conversations, 2025-06-01 → 2025-08-29');
  });

  it('names mail by folder, window or changes', () => {
    expect(
      describeChunk({
        stream: 'messages',
        kind: 'window',
        folderName: 'Inbox',
        windowStart: start,
        windowEnd: end,
      }),
    ).toBe('Mail: Inbox, 2025-06-01 → 2025-08-29');
    expect(describeChunk({ stream: 'messages', kind: 'delta', folderName: 'Inbox' })).toBe(
      'Mail: Inbox, changes',
    );
  });

  it('shows a window ending mid-day as ending that day, and humanises unknown streams', () => {
    expect(
      describeChunk({
        stream: 'page_posts',
        kind: 'window',
        windowStart: start,
        windowEnd: new Date('2025-08-30T12:00:00Z'),
      }),
    ).toBe('Page posts, 2025-06-01 → 2025-08-30');
  });
});
