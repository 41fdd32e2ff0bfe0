import type { SyncChunk } from '../graphql/results.ts';

/** Where each chunk's bar sits in the timeline: one lane per stream, x by its time window. */
export type ChunkBar = {
  chunk: SyncChunk;
  lane: number;
  /** Left edge and width as fractions (0–1) of the lane. */
  x: number;
  width: number;
  /** Row inside the lane: chunks over the same window (entity batches) stack instead of hiding. */
  row: number;
};

export type ChunkLayout = {
  lanes: { stream: string; rows: number }[];
  bars: ChunkBar[];
  from: number | null;
  to: number | null;
};

/** Chunks without a window (structure discovery, delta reads) share their lane evenly. */
export function layoutChunks(chunks: readonly SyncChunk[]): ChunkLayout {
  const streams = [...new Set(chunks.map((chunk) => chunk.stream))];
  const windowed = chunks.filter((chunk) => chunk.windowStart && chunk.windowEnd);
  const starts = windowed.map((chunk) => Date.parse(chunk.windowStart!));
  const ends = windowed.map((chunk) => Date.parse(chunk.windowEnd!));
  const from = starts.length ? Math.min(...starts) : null;
  const to = ends.length ? Math.max(...ends) : null;
  const span = from !== null && to !== null && to > from ? to - from : null;

  const bars: ChunkBar[] = [];
  const lanes: ChunkLayout['lanes'] = [];
  streams.forEach((stream, lane) => {
    const laneBars: ChunkBar[] = [];
    const inLane = chunks.filter((chunk) => chunk.stream === stream);
    const unwindowed = inLane.filter((chunk) => !(chunk.windowStart && chunk.windowEnd));
    for (const chunk of inLane) {
      if (chunk.windowStart && chunk.windowEnd && span !== null && from !== null) {
        const x = (Date.parse(chunk.windowStart) - from) / span;
        const width = (Date.parse(chunk.windowEnd) - Date.parse(chunk.windowStart)) / span;
        laneBars.push({ chunk, lane, x, width: Math.max(width, 0.004), row: 0 });
      } else {
        const slot = unwindowed.indexOf(chunk);
        const count = Math.max(unwindowed.length, 1);
        laneBars.push({ chunk, lane, x: slot / count, width: 1 / count, row: 0 });
      }
    }
    lanes.push({ stream, rows: packRows(laneBars) });
    bars.push(...laneBars);
  });
  return { lanes, bars, from, to };
}

/** Greedy interval packing: each bar takes the first row it does not overlap. Returns row count. */
function packRows(bars: ChunkBar[]): number {
  const rowEnds: number[] = [];
  const ordered = [...bars].sort((a, b) => a.x - b.x || a.chunk.index - b.chunk.index);
  for (const bar of ordered) {
    let row = rowEnds.findIndex((end) => end <= bar.x + 1e-9);
    if (row === -1) row = rowEnds.push(0) - 1;
    rowEnds[row] = bar.x + bar.width;
    bar.row = row;
  }
  return Math.max(rowEnds.length, 1);
}
