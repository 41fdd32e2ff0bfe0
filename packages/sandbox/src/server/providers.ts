import type { ProviderId } from '@tributary/core';
import { createFacebookAdsSandbox } from '../facebook-ads/index.ts';
import { SandboxLoginTokens } from '../facebook-graph/login-tokens.ts';
import { createFacebookPagesSandbox } from '../facebook-pages/index.ts';
import { createMicrosoftMailSandbox } from '../microsoft-mail/index.ts';
import type { FaultSettings, ProviderSandbox } from '../shared/types.ts';

/** Where each provider's emulator lives on the sandbox host. Graph serves Ads and Pages. */
export const BASE_PATHS: Record<ProviderId, string> = {
  FACEBOOK_ADS: '/graph',
  FACEBOOK_PAGES: '/graph',
  MICROSOFT_MAIL: '/msgraph',
};

export type ProviderRegistration = {
  provider: ProviderId;
  create: () => ProviderSandbox;
  /**
   * The provider's real budget, always enforced and reported in usage headers unless a
   * `rateLimit` fault replaces it, plus any other standing behaviour (Microsoft's 4
   * concurrent requests per mailbox).
   */
  defaults: FaultSettings & { rateLimit: { requests: number; windowMs: number } };
};

/**
 * The emulators the server mounts, in routing order: on a shared host the first that
 * `owns` a request serves it (Ads claims `act_*`, its entity ids and Facebook Login first).
 * Ads and Pages share one registry of the user tokens Login issued, so Pages knows them.
 */
export function providerRegistrations(): ProviderRegistration[] {
  const loginTokens = new SandboxLoginTokens();
  return [
    {
      provider: 'FACEBOOK_ADS',
      create: () => createFacebookAdsSandbox(loginTokens),
      // Marketing API standard tier: ads_management 100,000 calls per ad account per hour.
      defaults: { rateLimit: { requests: 100_000, windowMs: 3_600_000 } },
    },
    {
      provider: 'FACEBOOK_PAGES',
      create: () => createFacebookPagesSandbox(undefined, loginTokens),
      // Replaced per Page by the emulator's accountBudget (4,800 × engaged users per 24 hours);
      // this covers calls for no known Page.
      defaults: { rateLimit: { requests: 4_800, windowMs: 86_400_000 } },
    },
    {
      provider: 'MICROSOFT_MAIL',
      create: createMicrosoftMailSandbox,
      // Outlook: 10,000 requests per 10 minutes and 4 concurrent requests per mailbox.
      defaults: { rateLimit: { requests: 10_000, windowMs: 600_000 }, maxConcurrent: 4 },
    },
  ];
}
