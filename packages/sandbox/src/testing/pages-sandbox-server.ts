import { startSandboxServer } from '../server/server.ts';

export type PagesSandboxServer = {
  url: string;
  /** Facebook Pages' Graph base URL, `http://127.0.0.1:<port>/graph`. */
  baseUrl: string;
  /** Calls `/__sandbox/<path>`; a non-2xx answer throws with its body. */
  admin<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
};

/** The shared sandbox server on a free port, with a small client for its admin API. */
export async function startPagesSandboxServer(seed = 42): Promise<PagesSandboxServer> {
  const server = await startSandboxServer({ seed });
  return {
    url: server.url,
    baseUrl: server.providers.FACEBOOK_PAGES,
    async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${server.url}__sandbox/${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await response.json();
      if (!response.ok) throw new Error(`sandbox admin ${method} ${path}: ${JSON.stringify(json)}`);
      return json as T;
    },
    close: () => server.close(),
  };
}
