import type { ProviderId } from '@tributary/core';

/** An app registered with a provider (Facebook app id/secret, Entra application id/secret). */
export type OAuthClient = { clientId: string; clientSecret: string };

/** What the API needs to run authorization-code flows. */
export type OAuthOptions = {
  /** The API's public origin; the redirect_uri is `<publicUrl>/oauth/callback`. Default: the server's own URL. */
  publicUrl?: string;
  /** The provider sandbox (TRIBUTARY_SANDBOX_URL); sandbox connections authorise against it. */
  sandboxUrl?: string;
  facebook?: OAuthClient;
  microsoft?: OAuthClient & { tenant?: string };
};

export type OAuthSettings = Omit<OAuthOptions, 'publicUrl'> & {
  /** Known once the server listens when PUBLIC_URL is unset. */
  publicUrl(): string;
};

/** The sandbox accepts any client; a fixed one keeps sandbox flows independent of real apps. */
export const SANDBOX_CLIENT: OAuthClient = {
  clientId: 'tributary-sandbox',
  clientSecret: 'tributary-sandbox',
};

export const CALLBACK_PATH = '/oauth/callback';

export function redirectUriOf(settings: OAuthSettings): string {
  return new URL(CALLBACK_PATH, settings.publicUrl()).toString();
}

/** The client for a real (non-sandbox) provider, or null when its env vars are not set. */
export function realClientOf(
  settings: OAuthSettings,
  provider: ProviderId,
): (OAuthClient & { tenant?: string }) | null {
  switch (provider) {
    case 'FACEBOOK_ADS':
    case 'FACEBOOK_PAGES':
      return settings.facebook ?? null;
    case 'MICROSOFT_MAIL':
      return settings.microsoft ?? null;
    default: {
      const unreachable: never = provider;
      return unreachable;
    }
  }
}
