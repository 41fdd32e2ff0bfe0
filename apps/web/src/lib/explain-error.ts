import type { Provider } from '../generated/graphql.ts';

/** What went wrong, in words a person can act on, with the provider's raw text kept for Details. */
export type Explanation = { cause: string; fix: string; details: string | null };

type Category =
  | 'auth_expired'
  | 'rate_limited'
  | 'retryable'
  | 'request_too_large'
  | 'malformed'
  | 'not_found'
  | 'permission'
  | 'permanent';

const PROVIDERS: Provider[] = ['FACEBOOK_ADS', 'FACEBOOK_PAGES', 'MICROSOFT_MAIL'];

const ACCOUNT: Record<Provider, string> = {
  FACEBOOK_ADS: 'this ad account',
  FACEBOOK_PAGES: 'this Page',
  MICROSOFT_MAIL: 'this mailbox',
};
const COMPANY: Record<Provider, string> = {
  FACEBOOK_ADS: 'Facebook',
  FACEBOOK_PAGES: 'Facebook',
  MICROSOFT_MAIL: 'Microsoft',
};

/** Patterns over the stored message when no error code was kept (job errors keep only text). */
const BY_MESSAGE: [RegExp, Category][] = [
  [/reduce the amount of data/i, 'request_too_large'],
  [
    /HTTP 401|code 190\b|InvalidAuthenticationToken|access token|token expired|re-?auth/i,
    'auth_expired',
  ],
  [/HTTP 429|throttl|rate limit|code (4|17|32|613|800\d\d)\b/i, 'rate_limited'],
  [
    /HTTP 404|code 100\b|does not exist|not found|ErrorItemNotFound|MailboxNotEnabled/i,
    'not_found',
  ],
  [
    /HTTP 403|code (10|200|2\d\d)\b|permission|ErrorAccessDenied|Authorization_RequestDenied/i,
    'permission',
  ],
  [/HTTP 5\d\d|timed? ?out|ECONNRESET|socket|network|unavailable/i, 'retryable'],
  [/malformed|unexpected|did not match|invalid JSON/i, 'malformed'],
];

/**
 * A sync error (a job's `error`, a chunk's `lastError` with its `PROVIDER:kind:code`) as a
 * sentence with its cause and its fix. Errors that are not the provider's (a phase that did not
 * start, planning rules) are already written for people and are kept as they are.
 */
export function explainError(input: {
  message: string | null | undefined;
  code?: string | null;
  provider?: Provider | null;
  resumesAt?: string | null;
}): Explanation | null {
  const message = input.message?.trim() ?? '';
  if (!message && !input.code) return null;
  const [codeProvider, codeKind, providerCode] = (input.code ?? '').split(':');
  const provider =
    (PROVIDERS.find((p) => p === codeProvider) ??
      PROVIDERS.find((p) => message.includes(p)) ??
      input.provider) ||
    null;
  let category = categoryOf(codeKind, providerCode, message);
  // Not recognisably the provider's (no code, no provider named, no known pattern): it is
  // already written for people.
  const providerNamed = Boolean(input.code) || PROVIDERS.some((p) => message.includes(p));
  if (!category && (!provider || !providerNamed)) {
    return { cause: sentence(message), fix: '', details: null };
  }
  category ??= 'permanent';
  const who = provider ? COMPANY[provider] : 'The provider';
  const account = provider ? ACCOUNT[provider] : 'this account';
  const details = [message, input.code ? `(${input.code})` : ''].filter(Boolean).join(' ');
  const resume = input.resumesAt
    ? ` at ${new Date(input.resumesAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`
    : '';
  const text: Record<Category, [string, string]> = {
    auth_expired: [
      `${who} no longer accepts the sign-in for ${account}.`,
      'Reconnect the account to sign in again; the sync continues from where it stopped.',
    ],
    rate_limited: [
      `${who} is limiting requests for ${account}.`,
      `Nothing to do: we wait and resume automatically${resume}.`,
    ],
    retryable: [
      `${who} had a temporary problem and did not answer properly.`,
      'Retry; if it keeps happening, the provider may be having an outage.',
    ],
    request_too_large: [
      `${who} asked for smaller requests for ${account}.`,
      'We split the work into smaller pieces; retry if it stopped.',
    ],
    malformed: [
      `${who} answered in a form we did not expect.`,
      'Retry later; if it persists, send the details to support.',
    ],
    not_found: [
      `${who} cannot find ${account}, or this sign-in cannot see it.`,
      'Check the account id, or reconnect with a user who has access to it.',
    ],
    permission: [
      `The sign-in for ${account} lacks a permission the sync needs.`,
      'Reconnect and grant every permission the sign-in asks for.',
    ],
    permanent: [
      `${who} refused a request for ${account}.`,
      'Retry; if it fails again, the details say what the provider answered.',
    ],
  };
  const [cause, fix] = text[category];
  return { cause, fix, details };
}

function categoryOf(kind: string | undefined, code: string | undefined, message: string) {
  if (kind === 'permanent') {
    const byMessage = BY_MESSAGE.find(([pattern]) => pattern.test(`${message} code ${code ?? ''}`));
    return byMessage?.[1] === 'not_found' || byMessage?.[1] === 'permission'
      ? byMessage[1]
      : 'permanent';
  }
  if (
    kind === 'auth_expired' ||
    kind === 'rate_limited' ||
    kind === 'retryable' ||
    kind === 'request_too_large' ||
    kind === 'malformed'
  ) {
    return kind;
  }
  return BY_MESSAGE.find(([pattern]) => pattern.test(message))?.[1] ?? null;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const first = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
