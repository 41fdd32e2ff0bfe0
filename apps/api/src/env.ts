import { ConfigError, loadSecretKey, readDbEnv } from '@tributary/db';
import { z } from 'zod';
import { parseCorsOrigins } from './http/cors.ts';
import type { OAuthOptions } from './oauth/oauth-settings.ts';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.string().optional(),
  TRIBUTARY_WEB_DIST: z.string().optional(),
  WEB_DIST: z.string().optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  TRIBUTARY_SANDBOX_URL: z.url().optional(),
  FACEBOOK_APP_ID: z.string().min(1).optional(),
  FACEBOOK_APP_SECRET: z.string().min(1).optional(),
  MICROSOFT_CLIENT_ID: z.string().min(1).optional(),
  MICROSOFT_CLIENT_SECRET: z.string().min(1).optional(),
  MICROSOFT_TENANT: z.string().min(1).default('common'),
  CORS_ORIGINS: z.string().optional(),
});

export type ApiEnv = {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  secretKey: Buffer;
  production: boolean;
  webDist: string | undefined;
  oauth: OAuthOptions;
  corsOrigins: string[];
};

/** An OAuth app is configured only when both its id and secret are. */
function client(id: string | undefined, secret: string | undefined, names: [string, string]) {
  if (!id && !secret) return undefined;
  if (!id || !secret) throw new ConfigError(`${names[0]} and ${names[1]} must be set together`);
  return { clientId: id, clientSecret: secret };
}

/** Reads the API's settings once; throws ConfigError (one line, no stack) on bad input. */
export function readApiEnv(env: NodeJS.ProcessEnv = process.env): ApiEnv {
  const db = readDbEnv(env);
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join('.')}: ${issue?.message}`);
  }
  return {
    databaseUrl: db.databaseUrl?.toString(),
    dataDir: db.dataDir,
    port: parsed.data.PORT,
    host: parsed.data.HOST,
    secretKey: loadSecretKey({ env, dataDir: db.dataDir }),
    production: parsed.data.NODE_ENV === 'production',
    webDist: parsed.data.TRIBUTARY_WEB_DIST ?? parsed.data.WEB_DIST,
    oauth: oauthOptions(parsed.data),
    corsOrigins: corsOriginsOf(parsed.data.CORS_ORIGINS),
  };
}

function corsOriginsOf(value: string | undefined): string[] {
  try {
    return parseCorsOrigins(value);
  } catch (error) {
    throw new ConfigError(`CORS_ORIGINS: ${(error as Error).message}`);
  }
}

function oauthOptions(env: z.output<typeof schema>): OAuthOptions {
  const facebook = client(env.FACEBOOK_APP_ID, env.FACEBOOK_APP_SECRET, [
    'FACEBOOK_APP_ID',
    'FACEBOOK_APP_SECRET',
  ]);
  const microsoft = client(env.MICROSOFT_CLIENT_ID, env.MICROSOFT_CLIENT_SECRET, [
    'MICROSOFT_CLIENT_ID',
    'MICROSOFT_CLIENT_SECRET',
  ]);
  return {
    ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    ...(env.TRIBUTARY_SANDBOX_URL ? { sandboxUrl: env.TRIBUTARY_SANDBOX_URL } : {}),
    ...(facebook ? { facebook } : {}),
    ...(microsoft ? { microsoft: { ...microsoft, tenant: env.MICROSOFT_TENANT } } : {}),
  };
}
