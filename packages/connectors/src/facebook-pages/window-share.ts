/**
 * How much of [start, end) a newest-first read has covered once it reached `position`: the
 * conversations edge has no count, but its order tells how far back a chunk has paged.
 * Undefined when the range is unknown or empty.
 */
export function windowShare(
  start: Date | null | undefined,
  end: Date | null | undefined,
  position: Date,
): number | undefined {
  if (!start || !end) return undefined;
  const span = end.getTime() - start.getTime();
  if (span <= 0) return undefined;
  return Math.min(1, Math.max(0, (end.getTime() - position.getTime()) / span));
}
