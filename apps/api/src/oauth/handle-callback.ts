import type { IncomingMessage, ServerResponse } from 'node:http';
import { sealCredentials } from '@tributary/db';
import type { ApiServices } from '../context.ts';
import { AppError } from '../errors/app-error.ts';
import { globalId } from '../schema/ids.ts';
import { callbackErrorPage } from './callback-page.ts';
import { codeExchangeFailure } from './code-exchange-failure.ts';
import { completeConnection } from './complete-connection.ts';
import { exchangeCodeWith } from './oauth-connectors.ts';
import type { OAuthSettings } from './oauth-settings.ts';
import { consumeOAuthState, type OAuthStateRow } from './oauth-states.ts';
import { providerEndpoints } from './provider-endpoints.ts';
import { insertSignIn } from './sign-ins.ts';

// The callback URL carries a live authorization code: keep it out of caches and Referers.
const PRIVATE = { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

const STATE_PROBLEMS = {
  unknown: 'This sign-in link is not one Tributary started, or it was already cleaned up.',
  used: 'This sign-in link was already used. Each Connect attempt works once.',
  expired: 'This sign-in link expired: finish connecting within 10 minutes of starting.',
} as const;

function page(res: ServerResponse, status: number, title: string, detail: string): void {
  res
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...PRIVATE })
    .end(callbackErrorPage(title, detail));
}

/** Back to the dashboard page the flow started from, with the outcome in the fragment. */
function redirectBack(
  res: ServerResponse,
  settings: OAuthSettings,
  state: OAuthStateRow,
  outcome: Record<string, string>,
): void {
  const target = new URL(state.returnTo, settings.publicUrl());
  target.hash = new URLSearchParams(outcome).toString();
  res.writeHead(302, { location: target.toString(), ...PRIVATE }).end();
}

/**
 * GET /oauth/callback: the provider sends the browser here with `code` and `state` (or
 * `error`). The state must be one this server issued, unused and unexpired; the code is then
 * exchanged for tokens and the connection created (or re-authorised). Nothing is created on
 * any failure.
 */
export async function handleOAuthCallback(
  req: IncomingMessage,
  res: ServerResponse,
  services: ApiServices,
  settings: OAuthSettings,
): Promise<void> {
  if (req.method !== 'GET') {
    res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' }).end('Method not allowed');
    return;
  }
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const stateToken = query.get('state');
  if (!stateToken) {
    page(res, 400, 'Connection failed', 'The provider sent no state parameter back.');
    return;
  }
  const consumed = await consumeOAuthState(services.pool, stateToken);
  if (!consumed.ok) {
    page(res, 400, 'Connection failed', STATE_PROBLEMS[consumed.reason]);
    return;
  }
  const state = consumed.state;
  const fail = (message: string) => redirectBack(res, settings, state, { oauth: 'error', message });

  const providerError = query.get('error');
  if (providerError) {
    const description = query.get('error_description') ?? query.get('error_reason');
    fail(
      providerError === 'access_denied'
        ? 'Access was not granted on the provider’s screen, so nothing was connected.'
        : `The provider refused: ${description ?? providerError}`,
    );
    return;
  }
  const code = query.get('code');
  if (!code) {
    fail('The provider sent no authorization code back.');
    return;
  }
  let completed: Awaited<ReturnType<typeof completeConnection>>;
  try {
    const endpoints = await providerEndpoints(settings, state.provider, state.sandbox);
    const tokens = await exchangeCodeWith(
      state.provider,
      endpoints,
      code,
      state.redirectUri,
      state.externalAccountId ?? undefined,
    );
    if (state.externalAccountId === null) {
      // Signed in, account not chosen yet: the dashboard lists what this token sees.
      const signIn = await insertSignIn(services.pool, {
        workspaceId: state.workspaceId,
        provider: state.provider,
        sandbox: state.sandbox,
        credentials: sealCredentials(services.secretKey, tokens),
      });
      redirectBack(res, settings, state, {
        oauth: 'signed-in',
        signIn,
        provider: state.provider,
      });
      return;
    }
    completed = await completeConnection(
      services,
      { ...state, externalAccountId: state.externalAccountId },
      tokens,
    );
  } catch (error) {
    if (error instanceof AppError) {
      fail(error.message);
      return;
    }
    const refused = codeExchangeFailure(error);
    if (refused) {
      fail(refused);
      return;
    }
    services.logger.error({ err: error, provider: state.provider }, 'OAuth callback failed');
    fail('Connecting failed on the server; try again.');
    return;
  }
  redirectBack(res, settings, state, {
    oauth: 'connected',
    connectionId: globalId('Connection', completed.connection.id),
    ...(completed.jobId ? { jobId: globalId('SyncJob', completed.jobId) } : {}),
    ...(completed.created ? {} : { reauthorized: 'true' }),
  });
}
