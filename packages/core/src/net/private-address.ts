import { isIP } from 'node:net';

/**
 * Whether an IP address is one a webhook must not reach from the worker's network: loopback,
 * private (RFC 1918, IPv6 unique-local), link-local (cloud metadata is 169.254.169.254),
 * carrier-grade NAT (100.64.0.0/10), unspecified, and IPv4 addresses written as IPv6
 * (`::ffff:10.0.0.1`), judged by their IPv4 part. Not an address: false.
 */
export function isInternalAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(ip) === 4) return isInternalV4(ip);
  if (isIP(ip) !== 6) return false;
  const mapped = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  if (mapped) return isInternalV4(mapped[1]!);
  if (/^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/.test(ip)) return true; // mapped, in hex
  return (
    ip === '::' ||
    ip === '::1' ||
    /^f[cd][0-9a-f]{0,2}:/.test(ip) || // fc00::/7 unique local
    /^fe[89ab][0-9a-f]?:/.test(ip) // fe80::/10 link local
  );
}

function isInternalV4(ip: string): boolean {
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    (a === 100 && b >= 64 && b <= 127)
  );
}
