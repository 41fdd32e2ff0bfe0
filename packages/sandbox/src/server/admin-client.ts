import type { ProviderId } from '@tributary/core';
import type { TruthResult } from '../shared/types.ts';
import type { FaultKind } from './sandbox-stats.ts';

/** A typed client for `/__sandbox`, for tests, benchmarks and the start script. */
export function sandboxAdmin(url: string) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(new URL(`__sandbox${path}`, url), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as T;
    if (!response.ok) {
      throw new Error(`sandbox ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    }
    return json;
  }
  return {
    reset: (
      body: {
        seed?: number;
        accounts?: ({ provider: ProviderId } & Record<string, unknown>)[];
      } = {},
    ) => call<{ seed: number }>('POST', '/reset', body),
    mutate: (body: {
      provider: ProviderId;
      accountId: string;
      add?: unknown;
      update?: unknown;
      remove?: unknown;
      removeFolders?: string[];
    }) => call<{ added: number; updated: number; removed: number }>('POST', '/mutate', body),
    setFaults: (faults: Record<string, unknown>) => call<unknown>('PUT', '/faults', faults),
    clearFaults: () => call<unknown>('DELETE', '/faults'),
    truth: (provider: ProviderId, accountId: string, stream: string) =>
      call<TruthResult>('GET', `/truth?${new URLSearchParams({ provider, accountId, stream })}`),
    stats: () =>
      call<{
        requests: number;
        throttled: number;
        failed: number;
        /** Most requests one account had in flight at once. */
        peakConcurrent: number;
        perAccount: Record<
          string,
          { requests: number; throttled: number; failed: number; peakConcurrent: number }
        >;
        faults: Partial<Record<FaultKind, number>>;
      }>('GET', '/stats'),
    resetStats: () => call<unknown>('POST', '/stats/reset'),
  };
}
