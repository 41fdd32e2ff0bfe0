// Writes the sorted SDL to apps/api/schema.graphql (`pnpm --filter @tributary/api generate`).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql/index.js';
import { schema } from '../src/schema/index.ts';

const target = resolve(import.meta.dirname, '../schema.graphql');
writeFileSync(target, `${printSchema(lexicographicSortSchema(schema))}\n`);
console.log(`wrote ${target}`);
