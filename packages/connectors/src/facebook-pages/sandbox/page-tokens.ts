import { hash32 } from '../../sandbox/random.ts';

/**
 * The shape of the user tokens Facebook Login issues on the sandbox's Graph host. The Ads
 * emulator serves Facebook Login there (it is routed first) and this emulator cannot see which
 * tokens it issued, so a user token is recognised by shape: `EAAB`, then letters and digits.
 */
const USER_TOKEN = /^EAAB[A-Za-z0-9]{16,}$/;

/**
 * Page access tokens handed out by `/me/accounts`. Like Facebook's, a Page token derived from
 * a user token is stable (the same user token always yields the same Page token) and does not
 * expire. Remembered until reset, so the emulator knows which Page a token speaks for.
 */
export class PageTokens {
  private readonly pages = new Map<string, string>();

  constructor(private readonly seed: number) {}

  issue(pageId: string, userToken: string): string {
    const token = `EAAB${[0, 1, 2, 3].map((i) => hash32(this.seed, 'page-token', pageId, userToken, i).toString(36)).join('')}`;
    this.pages.set(token, pageId);
    return token;
  }

  /** The Page a token speaks for, when it is a Page token this emulator issued. */
  pageOf(token: string): string | undefined {
    return this.pages.get(token);
  }

  /** A user token Facebook Login issued here (not a Page token, not a made-up string). */
  isUserToken(token: string): boolean {
    return USER_TOKEN.test(token) && !this.pages.has(token);
  }
}
