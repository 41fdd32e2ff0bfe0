import { SandboxLoginTokens } from '../facebook-graph/login-tokens.ts';
import { SandboxInputError } from '../shared/sandbox-input-error.ts';
import type {
  MutateOps,
  ProviderSandbox,
  SandboxCallContext,
  SandboxFault,
  SandboxRequest,
  SandboxResponse,
  TruthResult,
} from '../shared/types.ts';
import { parsePageAccounts, parsePageMutation } from './accounts-config.ts';
import { graphErrors } from './graph-errors.ts';
import { meAccounts } from './me-accounts.ts';
import { SandboxOAuth } from './oauth.ts';
import { PageAccount, type PageAccountConfig } from './page-account.ts';
import { pageBudget } from './page-budget.ts';
import { PageTokens } from './page-tokens.ts';
import { handleGraphRead } from './routes.ts';
import { type PagesStream, TRUTH_STREAMS, truthOf, truthRecords } from './truth.ts';
import { pagesUsageHeaders } from './usage-headers.ts';

export type FacebookPagesSandbox = ProviderSandbox & {
  /**
   * Whether this emulator serves a request on the Graph host it shares with Facebook Ads:
   * Page ids `page_*`, conversation ids `t_<page>_<n>`, message ids `m_<page>_<n>_<k>` (the
   * path segment after `/v21.0/`), and Facebook Login (`dialog/oauth`, `oauth/access_token`),
   * whose tokens are not tied to a provider, should no emulator ahead of this one claim it.
   */
  owns(request: SandboxRequest): boolean;
  /** Records truth() digests, for tests that want to diff rather than compare digests. */
  truthRecords(
    accountId: string,
    stream: string,
    now: Date,
  ): Array<{ externalId: string; data: Record<string, unknown> }>;
};

const CONVERSATION_ID = /^t_(.+)_\d+$/;
const MESSAGE_ID = /^m_(.+)_\d+_\d+$/;

/**
 * The Facebook Page Messenger emulator the sandbox server mounts under `/graph`. `loginTokens`
 * is the Graph host's registry of user tokens Facebook Login issued (shared with the Ads
 * emulator, which answers Login on the server); only those may read `/me/accounts`.
 */
export function createFacebookPagesSandbox(
  seed = 1,
  loginTokens = new SandboxLoginTokens(),
): FacebookPagesSandbox {
  return new PagesSandbox(seed, loginTokens);
}

class PagesSandbox implements FacebookPagesSandbox {
  readonly provider = 'FACEBOOK_PAGES' as const;
  private seed = 1;
  private configs = new Map<string, PageAccountConfig>();
  /** Inboxes are generated on first touch, anchored at that moment's `now`. */
  private accounts = new Map<string, PageAccount>();
  private oauth: SandboxOAuth;
  private pageTokens = new PageTokens(1);

  constructor(
    seed: number,
    private readonly loginTokens: SandboxLoginTokens,
  ) {
    this.oauth = new SandboxOAuth(seed, loginTokens);
    this.reset(seed);
  }

  /** Also forgets every Login user token: the server resets the Graph emulators together. */
  reset(seed: number, accounts?: unknown[]): void {
    const configs = parsePageAccounts(accounts);
    this.seed = seed;
    this.configs = new Map(configs.map((c) => [c.id, c]));
    this.accounts = new Map();
    this.oauth = new SandboxOAuth(seed, this.loginTokens);
    this.pageTokens = new PageTokens(seed);
    this.loginTokens.clear();
  }

  owns(request: SandboxRequest): boolean {
    const [, , id, edge] = request.path.split('/');
    if (isOAuthPath(id, edge) || id === 'me') return true;
    return id !== undefined && pageIdOf(id) !== undefined;
  }

  accountOf(request: SandboxRequest): string | undefined {
    const id = request.path.split('/')[2];
    return id ? pageIdOf(id) : undefined;
  }

  handle(request: SandboxRequest, context: SandboxCallContext): SandboxResponse {
    const [, , first, second] = request.path.split('/');
    if (first === 'dialog' && second === 'oauth') return this.oauth.handle(request, 'dialog');
    if (first === 'oauth' && second === 'access_token')
      return this.oauth.handle(request, 'access_token');

    const token = accessTokenOf(request);
    if (!token) return graphErrors.missingToken();
    if (token.startsWith('expired')) return graphErrors.tokenExpired();
    if (first === 'me') {
      if (second !== 'accounts' || request.method !== 'GET' || request.path.split('/').length > 4)
        return graphErrors.unknownPath();
      return meAccounts(
        request,
        context,
        token,
        [...this.configs.values()],
        this.pageTokens,
        this.loginTokens,
      );
    }
    // Any other token reads any Page (tests and seeded connections rely on that); a Page token
    // reads only its own Page, as on Facebook.
    const tokenPage = this.pageTokens.pageOf(token);
    const requestedPage = first ? pageIdOf(first) : undefined;
    if (tokenPage && requestedPage && tokenPage !== requestedPage)
      return graphErrors.wrongPageToken(tokenPage, requestedPage);
    return handleGraphRead(
      request,
      context,
      (pageId) => this.account(pageId, context.now),
      pageIdOf,
    );
  }

  mutate(accountId: string, ops: MutateOps, now: Date) {
    const add = parsePageMutation(ops);
    const account = this.account(accountId, now);
    if (!account)
      throw new SandboxInputError('accountId', `FACEBOOK_PAGES sandbox: no account ${accountId}`);
    return account.mutate(add, now);
  }

  faultResponse(
    fault: SandboxFault,
    details: { accountId?: string; retryAfterSec: number; percentUsed: number },
  ): SandboxResponse {
    switch (fault) {
      case 'throttled':
        return graphErrors.pageRateLimited(
          pagesUsageHeaders(
            details.accountId,
            Math.max(100, details.percentUsed),
            details.retryAfterSec,
          ),
        );
      case 'server_error':
        return graphErrors.transient();
      case 'token_expired':
        return graphErrors.tokenExpired();
      case 'too_much_data':
        return graphErrors.tooMuchData();
      default: {
        const unknown: never = fault;
        throw new Error(`FACEBOOK_PAGES sandbox: unknown fault ${String(unknown)}`);
      }
    }
  }

  accountBudget(accountId: string, now: Date) {
    const account = this.account(accountId, now);
    return account ? pageBudget(account, now) : undefined;
  }

  usageHeaders(accountId: string, percentUsed: number): Record<string, string> {
    return pagesUsageHeaders(accountId, percentUsed);
  }

  truth(accountId: string, stream: string, now: Date): TruthResult {
    return truthOf(this.truthRecords(accountId, stream, now));
  }

  truthRecords(accountId: string, stream: string, now: Date) {
    if (!TRUTH_STREAMS.includes(stream as PagesStream))
      throw new SandboxInputError(
        'stream',
        `FACEBOOK_PAGES sandbox: unknown stream ${stream} (streams: ${TRUTH_STREAMS.join(', ')})`,
      );
    const account = this.account(accountId, now);
    if (!account)
      throw new SandboxInputError('accountId', `FACEBOOK_PAGES sandbox: no account ${accountId}`);
    return truthRecords(account, stream as PagesStream);
  }

  private account(pageId: string, now: Date): PageAccount | undefined {
    let account = this.accounts.get(pageId);
    if (account) return account;
    const config = this.configs.get(pageId);
    if (!config) return undefined;
    account = new PageAccount(config, this.seed, now);
    this.accounts.set(pageId, account);
    return account;
  }
}

function isOAuthPath(first: string | undefined, second: string | undefined): boolean {
  return (
    (first === 'dialog' && second === 'oauth') || (first === 'oauth' && second === 'access_token')
  );
}

function pageIdOf(id: string): string | undefined {
  if (id.startsWith('page_')) return id;
  const match = CONVERSATION_ID.exec(id) ?? MESSAGE_ID.exec(id);
  return match ? `page_${match[1]}` : undefined;
}

function accessTokenOf(request: SandboxRequest): string | undefined {
  const fromQuery = request.query.get('access_token');
  if (fromQuery) return fromQuery;
  const header = request.headers.authorization ?? request.headers.Authorization;
  const match = header ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header) : null;
  return match?.[1];
}
