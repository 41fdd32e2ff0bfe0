import { createHash } from 'node:crypto';

/** A seeded PRNG (mulberry32): the same seed and account always yield the same mailbox. */
export type Random = {
  next(): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
};

export function seededRandom(...parts: (string | number)[]): Random {
  let state = createHash('sha256').update(parts.join('\u0000')).digest().readUInt32LE(0);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, maxInclusive) => min + Math.floor(next() * (maxInclusive - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/** An Exchange-looking opaque id (`AAMkAD…`), stable for the same parts. */
export function graphId(prefix: string, ...parts: (string | number)[]): string {
  const hash = createHash('sha256').update(parts.join('\u0000')).digest('base64url');
  return `${prefix}${hash.slice(0, 40)}`;
}
