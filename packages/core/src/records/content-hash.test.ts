import { describe, expect, it } from 'vitest';
import { contentHash, recordsDigest } from './content-hash.ts';

describe('contentHash', () => {
  it('ignores key order at every depth', () => {
    expect(contentHash({ a: 1, b: { c: [1, { d: 2, e: 3 }] } })).toBe(
      contentHash({ b: { c: [1, { e: 3, d: 2 }] }, a: 1 }),
    );
  });
  it('keeps the value stored hashes were made with (a changed hash would mark every record updated)', () => {
    expect(contentHash({ b: [1, { z: 'é"\n', a: null }], a: 'x', n: 1.5 })).toBe(
      '2ca17cbd3efd75a4de2c745ad712c362',
    );
  });
  it('changes when any value changes', () => {
    expect(contentHash({ a: 1, b: { c: 2 } })).not.toBe(contentHash({ a: 1, b: { c: 3 } }));
  });
});

describe('recordsDigest', () => {
  it('is independent of order and sensitive to ids and data', () => {
    const a = { externalId: '1', contentHash: contentHash({ x: 1 }) };
    const b = { externalId: '2', contentHash: contentHash({ x: 2 }) };
    expect(recordsDigest([a, b])).toBe(recordsDigest([b, a]));
    expect(recordsDigest([a, b])).not.toBe(recordsDigest([a]));
    expect(recordsDigest([a, b])).not.toBe(
      recordsDigest([a, { ...b, contentHash: contentHash({ x: 3 }) }]),
    );
  });
});
