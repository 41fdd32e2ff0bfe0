import { describe, expect, it } from 'vitest';
import { type ChunkWorkGroup, estimateWork } from './estimate-work.ts';

const group = (over: Partial<ChunkWorkGroup>): ChunkWorkGroup => ({
  kind: 'window',
  finished: false,
  chunks: 1,
  items: 0,
  pages: 0,
  bounded: 0,
  boundedItems: 0,
  bound: 0,
  shared: 0,
  sharedItems: 0,
  projected: 0,
  ...over,
});

describe('estimateWork', () => {
  it('knows nothing before any chunk has a size', () => {
    expect(estimateWork([group({ chunks: 4 })])).toEqual({ done: 0, estimated: null });
  });

  it('sizes open chunks from provider counts and pending ones from their kind', () => {
    const work = estimateWork([
      group({ chunks: 1, items: 50, pages: 1, bounded: 1, boundedItems: 50, bound: 200 }),
      group({ chunks: 3 }),
    ]);
    // The counted chunk weighs 200; three more of its kind weigh 200 each.
    expect(work).toEqual({ done: 50, estimated: 800 });
  });

  it('scales upper bounds by how finished siblings compared with theirs', () => {
    const work = estimateWork([
      group({
        kind: 'insights',
        finished: true,
        chunks: 2,
        items: 100,
        bounded: 2,
        boundedItems: 100,
        bound: 400,
      }),
      group({
        kind: 'insights',
        chunks: 1,
        items: 10,
        pages: 1,
        bounded: 1,
        boundedItems: 10,
        bound: 200,
      }),
    ]);
    // Finished chunks read a quarter of their bound, so the open one is expected at 50.
    expect(work).toEqual({ done: 110, estimated: 150 });
  });

  it('projects a chunk from the share of its window it has read', () => {
    const work = estimateWork([
      group({
        kind: 'conversations',
        items: 300,
        pages: 3,
        shared: 1,
        sharedItems: 300,
        projected: 1200,
      }),
    ]);
    expect(work).toEqual({ done: 300, estimated: 1200 });
  });

  it('never estimates a running chunk below what it read plus a page', () => {
    const work = estimateWork([
      group({ finished: true, chunks: 1, items: 100 }),
      group({ chunks: 1, items: 400, pages: 4 }),
    ]);
    expect(work).toEqual({ done: 500, estimated: 600 });
  });

  it('falls back to the mean of every sized chunk for a kind with none', () => {
    const work = estimateWork([
      group({ kind: 'structure', finished: true, chunks: 2, items: 60 }),
      group({ kind: 'insights', chunks: 2 }),
    ]);
    expect(work).toEqual({ done: 60, estimated: 120 });
  });

  it('equals what was read once every chunk has finished', () => {
    const groups = [
      group({ finished: true, chunks: 3, items: 90, bounded: 3, boundedItems: 90, bound: 300 }),
    ];
    expect(estimateWork(groups)).toEqual({ done: 90, estimated: 90 });
  });
});
