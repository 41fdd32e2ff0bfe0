import { defineConfig } from 'prisma/config';

// `prisma generate` needs no database; migrations are applied by src/migrate/.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/tributary' },
});
