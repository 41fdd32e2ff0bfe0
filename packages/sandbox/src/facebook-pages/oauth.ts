import type { SandboxLoginTokens } from '../facebook-graph/login-tokens.ts';
import { randomFrom } from '../shared/random.ts';
import type { SandboxRequest, SandboxResponse } from '../shared/types.ts';
import { graphError, graphErrors } from './graph-errors.ts';

/** Long-lived Facebook user and Page tokens last about 60 days. */
const LONG_LIVED_SECONDS = 5_183_944;

/**
 * Facebook Login for the sandbox: the dialog redirects straight back with a code (nobody to
 * ask for consent), the code exchanges once for a token, and `fb_exchange_token` trades any
 * live token for a fresh long-lived one. Tokens starting with `expired` are treated as expired.
 * Issued tokens go into the Graph host's registry, which `/me/accounts` checks.
 *
 * Only reached when this emulator runs on its own (its unit tests): on the sandbox server the
 * Ads emulator is routed first and answers Facebook Login (facebook-ads/oauth.ts).
 */
export class SandboxOAuth {
  private readonly codes = new Set<string>();
  private issued = 0;

  constructor(
    private readonly seed: number,
    private readonly loginTokens: SandboxLoginTokens,
  ) {}

  handle(request: SandboxRequest, route: 'dialog' | 'access_token'): SandboxResponse {
    return route === 'dialog' ? this.dialog(request.query) : this.accessToken(request.query);
  }

  private dialog(query: URLSearchParams): SandboxResponse {
    const redirectUri = query.get('redirect_uri');
    if (!query.get('client_id') || !redirectUri)
      return graphErrors.invalidParameter('Missing client_id or redirect_uri parameter.');
    let target: URL;
    try {
      target = new URL(redirectUri);
    } catch {
      return graphErrors.invalidParameter('redirect_uri is not a valid URL.');
    }
    const code = `AQ${this.random('code')}`;
    this.codes.add(code);
    target.searchParams.set('code', code);
    const state = query.get('state');
    if (state !== null) target.searchParams.set('state', state);
    return { status: 302, headers: { location: target.toString() }, body: undefined };
  }

  private accessToken(query: URLSearchParams): SandboxResponse {
    if (!query.get('client_id') || !query.get('client_secret'))
      return graphErrors.invalidParameter('Missing client_id or client_secret parameter.');
    if (query.get('grant_type') === 'fb_exchange_token') {
      const token = query.get('fb_exchange_token');
      if (!token) return graphErrors.invalidParameter('Missing fb_exchange_token parameter.');
      if (token.startsWith('expired')) return graphErrors.tokenExpired();
      return this.token();
    }
    const code = query.get('code');
    if (!code) return graphErrors.invalidParameter('Missing code parameter.');
    if (!this.codes.delete(code))
      return graphError(400, {
        message: 'This authorization code has been used.',
        type: 'OAuthException',
        code: 100,
        error_subcode: 36009,
      });
    return this.token();
  }

  private token(): SandboxResponse {
    const accessToken = `EAAB${this.random('token')}`;
    this.loginTokens.record(accessToken);
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=UTF-8' },
      body: {
        access_token: accessToken,
        token_type: 'bearer',
        expires_in: LONG_LIVED_SECONDS,
      },
    };
  }

  private random(kind: string): string {
    const random = randomFrom(this.seed, 'oauth', kind, this.issued++);
    let out = '';
    for (let i = 0; i < 40; i++)
      out += random.pick(
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split(''),
      );
    return out;
  }
}
