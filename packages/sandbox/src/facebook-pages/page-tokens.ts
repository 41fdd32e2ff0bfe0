import { hash32 } from '../shared/random.ts';

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
}
