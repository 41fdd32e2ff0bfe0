import { createHmac, randomBytes } from 'node:crypto';

// Standard Webhooks (https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md):
// the secret is base64 with a `whsec_` prefix, 24 to 64 random bytes; the signed content is
// `${webhook-id}.${webhook-timestamp}.${body}`; the signature is `v1,` and the base64 of its
// HMAC-SHA256 under the decoded secret; several signatures are separated by spaces.
const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  return Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    'base64',
  );
}

/** The `webhook-signature` header value: one `v1,<base64>` per secret that signs now. */
export function signWebhook(input: {
  secrets: readonly string[];
  id: string;
  timestamp: number;
  body: string;
}): string {
  const content = `${input.id}.${input.timestamp}.${input.body}`;
  return input.secrets
    .map((secret) => `v1,${createHmac('sha256', keyOf(secret)).update(content).digest('base64')}`)
    .join(' ');
}

/** The three headers Standard Webhooks defines, for a body sent now. */
export function webhookHeaders(input: {
  secrets: readonly string[];
  id: string;
  body: string;
  now?: Date;
}): Record<string, string> {
  const timestamp = Math.floor((input.now ?? new Date()).getTime() / 1000);
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook({ ...input, timestamp }),
  };
}
