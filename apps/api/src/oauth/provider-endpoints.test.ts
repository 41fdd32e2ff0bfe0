import { microsoftTokenUrl } from '@tributary/connectors';
import { describe, expect, it } from 'vitest';
import { OAuthNotConfiguredError } from './oauth-not-configured-error.ts';
import type { OAuthSettings } from './oauth-settings.ts';
import { authorizeUrlOf, providerEndpoints } from './provider-endpoints.ts';

const settings: OAuthSettings = {
  publicUrl: () => 'https://tributary.example.com',
  facebook: { clientId: 'fb-app', clientSecret: 'fb-secret' },
  microsoft: { clientId: 'ms-app', clientSecret: 'ms-secret', tenant: 'contoso.onmicrosoft.com' },
};
const REDIRECT = 'https://tributary.example.com/oauth/callback';

describe('real providers', () => {
  it('sends Facebook users to Facebook Login with the configured app', async () => {
    for (const provider of ['FACEBOOK_ADS', 'FACEBOOK_PAGES'] as const) {
      const endpoints = await providerEndpoints(settings, provider, false);
      expect(endpoints.baseUrl).toBe('https://graph.facebook.com');
      const url = new URL(authorizeUrlOf(endpoints, REDIRECT, 's1'));
      expect(`${url.origin}${url.pathname}`).toBe('https://www.facebook.com/v21.0/dialog/oauth');
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        client_id: 'fb-app',
        redirect_uri: REDIRECT,
        state: 's1',
        response_type: 'code',
      });
    }
  });

  it('sends Microsoft users to the tenant’s v2.0 endpoints and asks for offline_access', async () => {
    const endpoints = await providerEndpoints(settings, 'MICROSOFT_MAIL', false);
    expect(microsoftTokenUrl(endpoints.baseUrl, endpoints.tenant!)).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
    );
    const url = new URL(authorizeUrlOf(endpoints, REDIRECT, 's2'));
    expect(`${url.origin}${url.pathname}`).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
    );
    expect(url.searchParams.get('client_id')).toBe('ms-app');
    expect(url.searchParams.get('scope')).toMatch(/Mail\.Read.*offline_access/);
  });

  it('refuses a provider whose app is not configured, and a sandbox flow without a sandbox', async () => {
    const bare: OAuthSettings = { publicUrl: settings.publicUrl };
    await expect(providerEndpoints(bare, 'FACEBOOK_PAGES', false)).rejects.toThrow(
      OAuthNotConfiguredError,
    );
    await expect(providerEndpoints(bare, 'MICROSOFT_MAIL', false)).rejects.toThrow(
      /MICROSOFT_CLIENT_ID/,
    );
    await expect(providerEndpoints(bare, 'MICROSOFT_MAIL', true)).rejects.toThrow(
      /TRIBUTARY_SANDBOX_URL/,
    );
  });
});
