import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.ts';

const repoRoot = resolve(import.meta.dirname, '../../..');

const schema = z.object({
  DATABASE_URL: z.string().optional(),
  TRIBUTARY_DATA_DIR: z.string().default(resolve(repoRoot, '.data')),
  TRIBUTARY_PG_PORT: z.coerce.number().int().min(1).max(65535).optional(),
});

export type DbEnv = {
  databaseUrl: URL | undefined;
  dataDir: string;
  embeddedPort: number | undefined;
};

/** Reads and validates the database settings once; throws ConfigError on bad input. */
export function readDbEnv(env: NodeJS.ProcessEnv = process.env): DbEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${issue?.path.join('.')}: ${issue?.message}`);
  }
  const raw = parsed.data.DATABASE_URL?.trim();
  return {
    databaseUrl: raw ? parseDatabaseUrl(raw) : undefined,
    dataDir: resolve(parsed.data.TRIBUTARY_DATA_DIR),
    embeddedPort: parsed.data.TRIBUTARY_PG_PORT,
  };
}

export function parseDatabaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'DATABASE_URL is not a valid URL; expected postgresql://user:password@host:5432/database',
    );
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') {
    throw new ConfigError(
      `DATABASE_URL must start with postgresql:// (got ${url.protocol}//); expected postgresql://user:password@host:5432/database`,
    );
  }
  if (!url.hostname || url.pathname.length <= 1) {
    throw new ConfigError(
      'DATABASE_URL needs a host and a database name; expected postgresql://user:password@host:5432/database',
    );
  }
  return url;
}
