import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';
import { createPool } from './pool.ts';

export type { PrismaClient } from './generated/prisma/client.ts';
export type Db = PrismaClient;

/**
 * A Prisma client on the pg driver adapter, over one of our pools so that its connections
 * survive a database restart like every other pool's (see createPool).
 */
export function createPrisma(databaseUrl: string, maxConnections = 10): PrismaClient {
  const adapter = new PrismaPg(createPool(databaseUrl, maxConnections));
  return new PrismaClient({ adapter });
}
