/**
 * What a job's chunks of one kind and one state have read and know of their own size, summed
 * (the API reads these per job, kind and status in one grouped query).
 */
export type ChunkWorkGroup = {
  kind: string;
  /** SUCCEEDED, FAILED or CANCELLED: the chunk will read nothing more in this job. */
  finished: boolean;
  chunks: number;
  /** Items read so far. */
  items: number;
  pages: number;
  /** Chunks that know their size: a provider count (`$count`) or an upper bound (entities × days). */
  bounded: number;
  boundedItems: number;
  /** Their sizes, summed. */
  bound: number;
  /** Chunks without a size that know the share of their work read (their position in a window). */
  shared: number;
  sharedItems: number;
  /** Their items read ÷ share read, summed: the size their position projects. */
  projected: number;
};

export type WorkEstimate = {
  /** Items read by the chunks counted. */
  done: number;
  /** Items those chunks will have read when finished; null while nothing is known of any size. */
  estimated: number | null;
};

/**
 * The job's work, refined as estimates firm up. A finished chunk weighs what it read. An open
 * chunk weighs its own size when it knows it, scaled by how its finished siblings of the same
 * kind compared with their sizes (an upper bound like entities × days overstates sparse data);
 * else the size its position projects; else the mean size of its kind's sized chunks (or of
 * every sized chunk), never less than it read plus one more page.
 */
export function estimateWork(groups: readonly ChunkWorkGroup[]): WorkEstimate {
  const kinds = new Map<string, ChunkWorkGroup[]>();
  let done = 0;
  for (const group of groups) {
    done += group.items;
    kinds.set(group.kind, [...(kinds.get(group.kind) ?? []), group]);
  }
  type KindSizes = { sized: number; sizedItems: number; unknown: ChunkWorkGroup[] };
  const byKind: KindSizes[] = [];
  for (const members of kinds.values()) {
    const finished = members.filter((g) => g.finished);
    const open = members.filter((g) => !g.finished);
    const finishedBound = sum(finished, (g) => g.bound);
    const ratio = finishedBound > 0 ? sum(finished, (g) => g.boundedItems) / finishedBound : 1;
    let sized = sum(finished, (g) => g.chunks);
    let sizedItems = sum(finished, (g) => g.items);
    for (const g of open) {
      sized += g.bounded + g.shared;
      sizedItems +=
        Math.max(g.boundedItems, g.bound * ratio) + Math.max(g.sharedItems, g.projected);
    }
    byKind.push({ sized, sizedItems, unknown: open });
  }
  const allSized = sum(byKind, (k) => k.sized);
  const globalMean = allSized > 0 ? sum(byKind, (k) => k.sizedItems) / allSized : null;
  let estimated = 0;
  for (const kind of byKind) {
    estimated += kind.sizedItems;
    const mean = kind.sized > 0 ? kind.sizedItems / kind.sized : globalMean;
    for (const g of kind.unknown) {
      const chunks = g.chunks - g.bounded - g.shared;
      if (chunks <= 0) continue;
      if (mean === null) return { done, estimated: null };
      const items = g.items - g.boundedItems - g.sharedItems;
      const page = g.pages > 0 ? items / g.pages : 0;
      estimated += Math.max(chunks * mean, items + page);
    }
  }
  return { done, estimated: Math.max(estimated, done) };
}

function sum<T>(values: readonly T[], of: (value: T) => number): number {
  let total = 0;
  for (const value of values) total += of(value);
  return total;
}
