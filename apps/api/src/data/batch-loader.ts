/**
 * Collects the keys asked for in one tick and loads them with one query; caches per request.
 * (A 30-line DataLoader: enough for N+1 avoidance without another dependency.)
 */
export class BatchLoader<K, V> {
  private readonly cache = new Map<K, Promise<V | null>>();
  private pending: {
    key: K;
    resolve: (value: V | null) => void;
    reject: (error: unknown) => void;
  }[] = [];

  constructor(private readonly loadMany: (keys: K[]) => Promise<Map<K, V>>) {}

  load(key: K): Promise<V | null> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const promise = new Promise<V | null>((resolve, reject) => {
      if (this.pending.length === 0) queueMicrotask(() => void this.flush());
      this.pending.push({ key, resolve, reject });
    });
    this.cache.set(key, promise);
    return promise;
  }

  prime(key: K, value: V): void {
    if (!this.cache.has(key)) this.cache.set(key, Promise.resolve(value));
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const values = await this.loadMany([...new Set(batch.map((item) => item.key))]);
      for (const item of batch) item.resolve(values.get(item.key) ?? null);
    } catch (error) {
      for (const item of batch) {
        this.cache.delete(item.key);
        item.reject(error);
      }
    }
  }
}
