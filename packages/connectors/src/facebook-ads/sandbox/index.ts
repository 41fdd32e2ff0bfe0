import type { ProviderSandbox } from '../../sandbox/types.ts';
import { FacebookAdsSandbox } from './facebook-ads-sandbox.ts';

export { FacebookAdsSandbox } from './facebook-ads-sandbox.ts';

export function createFacebookAdsSandbox(): ProviderSandbox {
  return new FacebookAdsSandbox();
}
