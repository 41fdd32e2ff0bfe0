/**
 * The user access tokens Facebook Login has issued on the sandbox's Graph host. Ads and Pages
 * share that host but are separate emulators: the one that answers Login records each token it
 * hands out, and the others check a user token here, so a string merely shaped like a token is
 * refused as Graph refuses it (190). One per sandbox server; a reset of the Graph emulators
 * clears it, since a reseeded Graph has signed nobody in.
 */
export class SandboxLoginTokens {
  private readonly issued = new Set<string>();

  record(token: string): void {
    this.issued.add(token);
  }

  has(token: string): boolean {
    return this.issued.has(token);
  }

  clear(): void {
    this.issued.clear();
  }
}
