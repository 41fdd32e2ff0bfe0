import { ConfigError, loadSecretKey, readDbEnv } from '@tributary/db';
import { z } from 'zod';

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  NODE_ENV: z.string().optional(),
  TRIBUTARY_WEB_DIST: z.string().optional(),
  WEB_DIST: z.string().optional(),
});

export type ApiEnv = {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  secretKey: Buffer;
  production: boolean;
  webDist: string | undefined;
};

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
  };
}
