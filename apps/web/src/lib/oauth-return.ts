/**
 * After a provider's consent screen the API's /oauth/callback sends the browser back with the
 * outcome in the fragment: `#oauth=connected&connectionId=…&jobId=…` (`reauthorized=true` for
 * a connection that existed), `#oauth=signed-in&signIn=…&provider=…` (signed in without an
 * account: the connect dialog lists what the sign-in sees) or `#oauth=error&message=…`. We read it once at start-up, strip it
 * from the address bar (like `#key=`), and hold it until the connections page shows it.
 */

export type OAuthOutcome =
  | { kind: 'connected'; connectionId: string; jobId: string | null; reauthorized: boolean }
  | { kind: 'signed-in'; signIn: string; provider: string }
  | { kind: 'error'; message: string };

const KEYS = ['oauth', 'connectionId', 'jobId', 'reauthorized', 'message', 'signIn', 'provider'];

/** The outcome in a URL's fragment, and the URL without it (other fragment keys stay). */
export function extractOAuthOutcome(href: string): {
  outcome: OAuthOutcome | null;
  cleanUrl: string;
} {
  const url = new URL(href);
  const hash = new URLSearchParams(url.hash.replace(/^#/, ''));
  const kind = hash.get('oauth');
  if (!kind) return { outcome: null, cleanUrl: href };
  let outcome: OAuthOutcome | null = null;
  const connectionId = hash.get('connectionId');
  if (kind === 'connected' && connectionId) {
    outcome = {
      kind: 'connected',
      connectionId,
      jobId: hash.get('jobId') || null,
      reauthorized: hash.get('reauthorized') === 'true',
    };
  } else if (kind === 'signed-in' && hash.get('signIn') && hash.get('provider')) {
    outcome = { kind: 'signed-in', signIn: hash.get('signIn')!, provider: hash.get('provider')! };
  } else if (kind === 'error') {
    outcome = {
      kind: 'error',
      message: hash.get('message')?.trim() || 'Connecting the account did not finish.',
    };
  }
  for (const key of KEYS) hash.delete(key);
  const rest = hash.toString();
  url.hash = rest ? `#${rest}` : '';
  return { outcome, cleanUrl: url.toString() };
}

let pending: OAuthOutcome | null = null;

/** Run once at start-up: keep the outcome for the connections page and clean the address bar. */
export function adoptOAuthOutcomeFromLocation(): void {
  const { outcome, cleanUrl } = extractOAuthOutcome(window.location.href);
  if (!outcome) return;
  pending = outcome;
  window.history.replaceState(window.history.state, '', cleanUrl);
}

/** The outcome not yet shown, if any (reading does not consume: StrictMode renders twice). */
export function pendingOAuthOutcome(): OAuthOutcome | null {
  return pending;
}

export function clearPendingOAuthOutcome(): void {
  pending = null;
}

/** The provider's own name, for "Connect with …" buttons. */
export function oauthBrandOf(provider: string): string {
  return provider === 'MICROSOFT_MAIL' ? 'Microsoft' : 'Facebook';
}

/** Where the callback should send the browser back to: this page. */
export function currentReturnPath(): string {
  return `${window.location.pathname}${window.location.search}`;
}
