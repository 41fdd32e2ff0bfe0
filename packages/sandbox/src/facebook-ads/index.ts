import { SandboxLoginTokens } from '../facebook-graph/login-tokens.ts';
import type { ProviderSandbox } from '../shared/types.ts';
import { FacebookAdsSandbox } from './facebook-ads-sandbox.ts';

export { FacebookAdsSandbox } from './facebook-ads-sandbox.ts';

/** `loginTokens`: the Graph host's registry of Login user tokens, shared with Pages. */
export function createFacebookAdsSandbox(loginTokens = new SandboxLoginTokens()): ProviderSandbox {
  return new FacebookAdsSandbox(loginTokens);
}
