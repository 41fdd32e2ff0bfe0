import type { ProviderId } from '@tributary/core';
import { OFFICIAL_ORIGINS, originOf } from './allowed-origins.ts';

/** Where one connection's calls go, and the only origins its credentials may reach. */
export type ProviderTarget = { baseUrl: string; allowedOrigins: readonly string[] };

const OFFICIAL_BASE_URLS: Readonly<Record<ProviderId, string>> = {
  FACEBOOK_ADS: 'https://graph.facebook.com',
  FACEBOOK_PAGES: 'https://graph.facebook.com',
  MICROSOFT_MAIL: 'https://graph.microsoft.com',
};

/** A real connection: the provider's own API, nothing else. */
export function officialTarget(provider: ProviderId): ProviderTarget {
  return { baseUrl: OFFICIAL_BASE_URLS[provider], allowedOrigins: OFFICIAL_ORIGINS[provider] };
}

/**
 * A sandbox connection: the provider's emulator on the sandbox the operator configured
 * (`TRIBUTARY_SANDBOX_URL`). The emulator's base must live on that sandbox's origin, so not even
 * the sandbox's own answer can send credentials elsewhere.
 */
export function sandboxTarget(sandboxUrl: string, providerBaseUrl: string): ProviderTarget {
  const origin = originOf(sandboxUrl);
  if (!origin || origin === 'null') throw new Error(`sandbox URL ${sandboxUrl} is not a URL`);
  if (originOf(providerBaseUrl) !== origin) {
    throw new Error(`the sandbox's provider base ${providerBaseUrl} is not on ${origin}`);
  }
  return { baseUrl: providerBaseUrl.replace(/\/+$/, ''), allowedOrigins: [origin] };
}

const sandboxMaps = new Map<string, Promise<Record<string, string>>>();

/** The provider's emulator on the configured sandbox, as its admin API lists them (cached). */
export async function resolveSandboxTarget(
  sandboxUrl: string,
  provider: ProviderId,
): Promise<ProviderTarget> {
  let map = sandboxMaps.get(sandboxUrl);
  if (!map) {
    map = fetch(new URL('/__sandbox', sandboxUrl), {
      redirect: 'manual',
      signal: AbortSignal.timeout(10_000),
    })
      .then((response) => {
        if (!response.ok) throw new Error(`the sandbox answered HTTP ${response.status}`);
        return response.json() as Promise<{ providers: Record<string, string> }>;
      })
      .then((body) => body.providers);
    sandboxMaps.set(sandboxUrl, map);
    map.catch(() => sandboxMaps.delete(sandboxUrl));
  }
  const base = (await map)[provider];
  if (!base) throw new Error(`the sandbox does not serve ${provider}`);
  return sandboxTarget(sandboxUrl, base);
}

/** Where a connection's calls go: decided by its `sandbox` flag and the environment only. */
export async function connectionTarget(
  provider: ProviderId,
  sandbox: boolean,
  sandboxUrl: string | undefined,
): Promise<ProviderTarget> {
  if (!sandbox) return officialTarget(provider);
  if (!sandboxUrl) throw new Error('sandbox connection but TRIBUTARY_SANDBOX_URL is not set');
  return resolveSandboxTarget(sandboxUrl, provider);
}
