import { isIP } from 'node:net';
import { isInternalAddress } from '@tributary/core';
import { ValidationError } from '../errors/app-error.ts';

const MAX_URL_LENGTH = 2000;

/** Where deliveries may go. Loopback over plain HTTP is for development and the sandbox only. */
export type WebhookUrlPolicy = { allowLoopbackHttp: boolean };

const isLoopback = (host: string) =>
  host === 'localhost' ||
  host.endsWith('.localhost') ||
  host === '::1' ||
  (isIP(host) === 4 && host.startsWith('127.'));

/**
 * Checks an endpoint URL: absolute, https, no credentials or fragment. Under
 * `allowLoopbackHttp` (any NODE_ENV but production) http://localhost, 127.0.0.0/8 and [::1]
 * are allowed too, so a receiver on the developer's machine works; in production loopback and
 * private IP literals are refused outright (deliveries must not reach the worker's own network),
 * and the worker refuses names that resolve to such addresses when it connects.
 */
export function checkWebhookUrl(raw: string, policy: WebhookUrlPolicy): string {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_URL_LENGTH) {
    throw new ValidationError('url', `url must be 1 to ${MAX_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(
      'url',
      'url must be an absolute URL such as https://example.com/hooks',
    );
  }
  if (url.username || url.password) {
    throw new ValidationError('url', 'url must not carry a user name or password');
  }
  if (url.hash) throw new ValidationError('url', 'url must not have a #fragment');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopback = isLoopback(host);
  if (url.protocol === 'http:' && loopback && policy.allowLoopbackHttp) return url.toString();
  if (url.protocol !== 'https:') {
    throw new ValidationError(
      'url',
      policy.allowLoopbackHttp
        ? 'url must use https (plain http only to localhost, 127.0.0.1 or [::1])'
        : 'url must use https',
    );
  }
  if (!policy.allowLoopbackHttp && (loopback || isInternalAddress(host))) {
    throw new ValidationError('url', 'url must not point at a loopback or private address');
  }
  return url.toString();
}
