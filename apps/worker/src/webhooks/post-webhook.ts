import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isInternalAddress } from '@tributary/core';
import type { AttemptOutcome } from '@tributary/db';

export type PostOptions = {
  timeoutMs: number;
  /**
   * Off in production: a URL whose host is, or resolves to, a loopback, private or link-local
   * address is refused. The check is made on the address the socket then connects to (a
   * lookup of our own), so a name that resolves elsewhere a moment later (DNS rebinding)
   * cannot slip past it. The API refuses such IP literals when an endpoint is created.
   */
  allowInternalAddresses: boolean;
  /** The resolver (tests give one); node's by default. */
  resolve?: typeof dnsLookup;
};

/** A refused destination: the attempt fails like a network error, and is retried likewise. */
class InternalAddressError extends Error {
  readonly code = 'EINTERNAL';
}

/**
 * POST without following redirects (a redirect is an answer, not a delivery: following it could
 * send signed events somewhere the workspace never registered) and within a timeout.
 */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<AttemptOutcome> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): AttemptOutcome => ({
    statusCode,
    error,
    durationMs: performance.now() - started,
  });
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // An IP literal is connected to without a lookup, so it is judged here.
  if (!options.allowInternalAddresses && isIP(host) && isInternalAddress(host)) {
    return done(null, `network: ${host} is a loopback or private address`);
  }
  try {
    const statusCode = await send(target, body, headers, options);
    const ok = statusCode >= 200 && statusCode < 300;
    return done(
      statusCode,
      ok
        ? null
        : statusCode >= 300 && statusCode < 400
          ? `HTTP ${statusCode} (redirects are not followed)`
          : `HTTP ${statusCode}`,
    );
  } catch (error) {
    return done(null, describe(error, options.timeoutMs));
  }
}

function send(
  target: URL,
  body: string,
  headers: Record<string, string>,
  options: PostOptions,
): Promise<number> {
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        // One request per connection: a pooled socket would skip the next lookup's check.
        agent: false,
        lookup: guardedLookup(options),
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        // The answer's body is not used; dropping it frees the connection. A body cut short
        // later (the timeout aborting it) is no longer this attempt's concern.
        response.on('error', () => {});
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** dns.lookup, then refuse internal addresses unless they are allowed. */
function guardedLookup(options: PostOptions): LookupFunction {
  const resolve = options.resolve ?? dnsLookup;
  return (hostname, lookupOptions, callback) => {
    resolve(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const all = addresses as unknown as LookupAddress[];
      const internal = all.find((a) => isInternalAddress(a.address));
      if (internal && !options.allowInternalAddresses) {
        const refused = new InternalAddressError(
          `${hostname} resolves to a loopback or private address (${internal.address})`,
        );
        return callback(refused, '', 0);
      }
      if (lookupOptions.all) return callback(null, all);
      const first = all[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}

function describe(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError')
    return `timeout: no answer within ${timeoutMs} ms`;
  if (error instanceof InternalAddressError) return `network: ${error.message}`;
  const code = (error as { code?: string }).code;
  return `network: ${code ?? (error as Error).message}`;
}
