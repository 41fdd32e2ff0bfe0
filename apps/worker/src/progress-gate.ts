import { ProgressCoalescer } from '@tributary/core';

/** One coalescer per worker process: at most ~10 PROGRESS notifications per second per job. */
export const progressGate = new ProgressCoalescer();
