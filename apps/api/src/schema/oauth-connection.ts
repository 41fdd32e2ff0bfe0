import { builder } from '../builder.ts';
import { ValidationError } from '../errors/app-error.ts';
import { OAuthNotConfiguredError } from '../oauth/oauth-not-configured-error.ts';
import { redirectUriOf } from '../oauth/oauth-settings.ts';
import { insertOAuthState, STATE_TTL_MINUTES } from '../oauth/oauth-states.ts';
import { authorizeUrlOf, providerEndpoints } from '../oauth/provider-endpoints.ts';
import { validateReturnTo } from '../oauth/return-to.ts';
import { newStateToken } from '../oauth/state-token.ts';
import { validateAccountId, validateDisplayName } from './connection-input.ts';
import { ProviderEnum } from './enums.ts';
import { ErrorInterface } from './errors.ts';

builder.objectType(OAuthNotConfiguredError, {
  name: 'OAuthNotConfiguredError',
  description:
    'The server has no OAuth app for that provider (client id/secret), or no sandbox for a sandbox connection. Paste a token instead. Nothing changed.',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

const BeginOAuthConnectionInput = builder.inputType('BeginOAuthConnectionInput', {
  description: 'The account to connect through the provider’s OAuth authorization-code flow.',
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, required: true, description: 'The provider.' }),
    externalAccountId: t.string({
      description:
        'The provider account to sync (act_…, a Page id, a mailbox user id or address). Omit it to sign in first: the callback then returns `#oauth=signed-in&signIn=…&provider=…`, and `signInAccounts(signIn)` lists the accounts the sign-in sees for `connectSignedInAccount`.',
    }),
    displayName: t.string({
      description: 'A name for the connection; the account id when omitted.',
    }),
    sandbox: t.boolean({
      description: 'Authorise against the local provider sandbox instead of the real provider.',
    }),
    returnTo: t.string({
      description:
        'Where the browser returns after the provider: a path on this server (default `/`) or a URL with its origin. The outcome is appended as a fragment: `#oauth=connected&connectionId=…&jobId=…` or `#oauth=error&message=…`.',
    }),
  }),
});

const BeginOAuthConnectionSuccess = builder
  .objectRef<{ authorizeUrl: string; state: string }>('BeginOAuthConnectionSuccess')
  .implement({
    description: `Send the browser to \`authorizeUrl\`; the flow must finish within ${STATE_TTL_MINUTES} minutes and works once.`,
    fields: (t) => ({
      authorizeUrl: t.exposeString('authorizeUrl', {
        description:
          'The provider’s consent screen, carrying the client id, redirect URI and state.',
      }),
      state: t.exposeString('state', {
        description:
          'The random, single-use token the provider echoes back to /oauth/callback; it binds this workspace and account.',
      }),
    }),
  });

builder.mutationField('beginOAuthConnection', (t) =>
  t.field({
    type: BeginOAuthConnectionSuccess,
    description:
      'Starts connecting an account through the provider’s OAuth authorization-code flow. The callback (GET /oauth/callback) exchanges the code, creates the connection (or re-authorises an existing one for the same account) and starts its INITIAL sync; without `externalAccountId` it keeps the sign-in instead, for the user to pick an account (signInAccounts, connectSignedInAccount).',
    errors: {
      union: { name: 'BeginOAuthConnectionResult' },
      types: [ValidationError, OAuthNotConfiguredError],
    },
    args: { input: t.arg({ type: BeginOAuthConnectionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const settings = ctx.services.oauth;
      const externalAccountId =
        input.externalAccountId == null
          ? null
          : validateAccountId(input.provider, input.externalAccountId);
      const displayName = input.displayName?.trim()
        ? validateDisplayName(input.displayName, externalAccountId ?? '')
        : null;
      const returnTo = validateReturnTo(input.returnTo, settings.publicUrl());
      const sandbox = input.sandbox ?? false;
      const endpoints = await providerEndpoints(settings, input.provider, sandbox);
      const redirectUri = redirectUriOf(settings);
      const state = newStateToken();
      await insertOAuthState(ctx.services.pool, state, {
        workspaceId: ctx.workspaceId,
        provider: input.provider,
        externalAccountId,
        displayName,
        sandbox,
        returnTo,
        redirectUri,
      });
      return { authorizeUrl: authorizeUrlOf(endpoints, redirectUri, state), state };
    },
  }),
);
