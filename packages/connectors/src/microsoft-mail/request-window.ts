/**
 * What a client can know of Microsoft's 10,000 requests per 10 minutes per mailbox: the
 * requests it made itself. Graph sends no usage headers on success, so this process's own
 * count over the sliding window is the reading (the engine's governor adds up all workers).
 */
export const MAILBOX_REQUEST_LIMIT = 10_000;
export const MAILBOX_WINDOW_MS = 600_000;

const sent = new Map<string, number[]>();

/** Records `count` requests for `key` now and returns the share of the budget used, in percent. */
export function recordRequests(key: string, count: number, nowMs = Date.now()): number {
  const times = (sent.get(key) ?? []).filter((t) => t > nowMs - MAILBOX_WINDOW_MS);
  for (let i = 0; i < count; i++) times.push(nowMs);
  sent.set(key, times);
  return (times.length / MAILBOX_REQUEST_LIMIT) * 100;
}
