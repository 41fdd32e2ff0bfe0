/**
 * Maps items with at most `limit` calls in flight, results in input order. The first failure
 * aborts the calls still running (through the signal handed to each) and is rethrown.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  call: (item: T, signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
  const controller = new AbortController();
  const combined = AbortSignal.any([signal, controller.signal]);
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await call(items[index]!, combined);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  } catch (error) {
    controller.abort(error);
    throw error;
  }
  return results;
}
