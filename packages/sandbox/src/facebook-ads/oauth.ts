import { graphError, invalidParameter } from '../facebook-graph/graph-error-bodies.ts';
import type { SandboxLoginTokens } from '../facebook-graph/login-tokens.ts';
import { hash32 } from '../shared/random.ts';
import type { SandboxRequest, SandboxResponse } from '../shared/types.ts';

/** Long-lived user tokens last 60 days; Graph reports it in seconds. */
const LONG_LIVED_SECONDS = 5_183_944;

/**
 * Facebook Login's code flow: `/dialog/oauth` redirects back with a code, `/oauth/access_token`
 * trades it (or, with `grant_type=fb_exchange_token`, a token) for an access token. Every user
 * token issued is recorded in the Graph host's shared registry, where Pages' `/me/accounts`
 * looks it up.
 */
export class GraphOAuth {
  private readonly codes = new Map<string, string>();
  private issued = 0;

  constructor(
    private seed: number,
    private readonly loginTokens: SandboxLoginTokens,
  ) {}

  /** Forgets codes and issued user tokens: nobody is signed in to a reseeded Graph. */
  reset(seed: number): void {
    this.seed = seed;
    this.codes.clear();
    this.issued = 0;
    this.loginTokens.clear();
  }

  handle(route: string, request: SandboxRequest, traceSeed: number): SandboxResponse {
    const q = request.query;
    if (route === 'dialog/oauth') {
      const clientId = q.get('client_id');
      const redirectUri = q.get('redirect_uri');
      if (!clientId) return invalidParameter('Missing client_id parameter.', traceSeed);
      if (!redirectUri || !URL.canParse(redirectUri)) {
        return invalidParameter('Invalid redirect_uri: the given URL is not allowed.', traceSeed);
      }
      const code = `AQ${this.token('code')}`;
      this.codes.set(code, redirectUri);
      const location = new URL(redirectUri);
      location.searchParams.set('code', code);
      const state = q.get('state');
      if (state !== null) location.searchParams.set('state', state);
      return { status: 302, headers: { location: location.toString() }, body: null };
    }
    const missing = ['client_id', 'client_secret'].find((name) => !q.get(name));
    if (missing) return invalidParameter(`Missing ${missing} parameter.`, traceSeed);
    if (q.get('grant_type') === 'fb_exchange_token') {
      if (!q.get('fb_exchange_token')) {
        return invalidParameter('Missing fb_exchange_token parameter.', traceSeed);
      }
      return this.tokenResponse();
    }
    const code = q.get('code');
    const redirectUri = this.codes.get(code ?? '');
    if (!code || redirectUri === undefined) {
      return graphError(
        400,
        { message: 'Invalid verification code format.', code: 100, error_subcode: 36008 },
        traceSeed,
      );
    }
    if (q.get('redirect_uri') !== redirectUri) {
      return graphError(
        400,
        {
          message:
            'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
          code: 100,
          error_subcode: 36008,
        },
        traceSeed,
      );
    }
    this.codes.delete(code);
    return this.tokenResponse();
  }

  private tokenResponse(): SandboxResponse {
    const accessToken = `EAAB${this.token('token')}`;
    this.loginTokens.record(accessToken);
    return {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: 'bearer',
        expires_in: LONG_LIVED_SECONDS,
      },
    };
  }

  private token(kind: string): string {
    this.issued++;
    return [0, 1, 2, 3].map((i) => hash32(this.seed, kind, this.issued, i).toString(36)).join('');
  }
}
