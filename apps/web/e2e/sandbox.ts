/** The sandbox's admin API (design.md: /__sandbox/*). */
export function sandboxAdmin(sandboxUrl: string) {
  const base = sandboxUrl.replace(/\/$/, '');
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}/__sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`${method} /__sandbox${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<unknown>;
  };
  return {
    providers: () => call('GET', '') as Promise<{ providers: Record<string, string> }>,
    reset: (body: { seed?: number; accounts?: Record<string, unknown>[] }) =>
      call('POST', '/reset', body),
    setFaults: (faults: Record<string, unknown>) => call('PUT', '/faults', faults),
    clearFaults: () => call('DELETE', '/faults'),
    /** Requests that got an injected failure, per account (`/__sandbox/stats`). */
    failedRequests: async (accountId: string) => {
      const stats = (await call('GET', '/stats')) as {
        perAccount: Record<string, { failed: number }>;
      };
      return Object.entries(stats.perAccount)
        .filter(([key]) => key.includes(accountId))
        .reduce((sum, [, counters]) => sum + counters.failed, 0);
    },
    truth: (provider: string, accountId: string, stream: string) =>
      call('GET', `/truth?${new URLSearchParams({ provider, accountId, stream })}`) as Promise<{
        count: number;
        digest: string;
      }>,
  };
}

export type SandboxAdmin = ReturnType<typeof sandboxAdmin>;
