/** Seeded randomness for the emulators: the same seed always yields the same data and faults. */

/** FNV-1a over the parts, finished with a murmur mix: a stable 32-bit hash. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = `${part}|`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const MULBERRY_STEP = 0x6d2b79f5;

/** mulberry32: a tiny, fast PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + MULBERRY_STEP) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random float in [0, 1) fixed by the parts. */
export function unitFrom(...parts: (string | number)[]): number {
  return hash32(...parts) / 4294967296;
}

/** A seeded generator with helpers, fixed by its parts. */
export type Random = {
  next(): number;
  int(min: number, maxInclusive: number): number;
  pick<T>(items: readonly T[]): T;
};

/** The same parts always give the same sequence (mulberry32 seeded by hash32). */
export function randomFrom(...parts: (string | number)[]): Random {
  const next = seededRandom(hash32(...parts));
  return {
    next,
    int: (min, maxInclusive) => min + Math.floor(next() * (maxInclusive - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/**
 * The generator `seededRandom(seed)` becomes after `drawsTaken` draws: its state only advances
 * by a constant per draw, so a sequence can be set aside and taken up later without keeping it.
 */
export function randomResumed(seed: number, drawsTaken: number): Random {
  const next = seededRandom((seed + drawsTaken * MULBERRY_STEP) % 4_294_967_296);
  return {
    next,
    int: (min, maxInclusive) => min + Math.floor(next() * (maxInclusive - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}
