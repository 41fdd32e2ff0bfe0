/**
 * An async iterator fed by push. Items are promises so events keep their arrival order even
 * though each one is loaded asynchronously. `return()` (the client unsubscribed) ends it at
 * once, even while a `next()` is waiting.
 */
export class SubscriberQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: Promise<readonly T[]>[] = [];
  private wake: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly onClose: () => void,
    private readonly maxQueued = 1000,
  ) {}

  /** Returns false when the queue is full (a consumer far behind drops events, not memory). */
  push(items: Promise<readonly T[]>): boolean {
    if (this.closed || this.items.length >= this.maxQueued) return false;
    // A failed load must not end the stream; the next event carries fresh state anyway.
    this.items.push(items.catch(() => []));
    this.wake?.();
    return true;
  }

  /** The batch being handed out; read by index because the hub shares one batch with every queue. */
  private buffered: readonly T[] = [];
  private nextIndex = 0;

  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.closed) return { done: true, value: undefined };
      if (this.nextIndex < this.buffered.length) {
        return { done: false, value: this.buffered[this.nextIndex++]! };
      }
      const pending = this.items.shift();
      if (pending) {
        this.buffered = await pending;
        this.nextIndex = 0;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
  }

  async return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.items.length = 0;
      this.wake?.();
      this.onClose();
    }
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<T>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}
