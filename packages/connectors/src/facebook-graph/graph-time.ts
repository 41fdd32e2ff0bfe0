const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a UTC day number (days since the Unix epoch), as insights dates are written. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
