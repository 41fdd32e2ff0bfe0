import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';

// The DMMF as `prisma generate` saw schema.prisma (written by scripts/datamodel-generator.mjs).
type Field = {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isList: boolean;
  isRequired: boolean;
  nativeType?: [string, string[]] | null;
};
type Model = { name: string; dbName: string | null; fields: Field[] };
type Index = { model: string; type: 'id' | 'unique' | 'normal'; fields: { name: string }[] };
type Datamodel = {
  models: Model[];
  enums: { name: string; values: { name: string }[] }[];
  indexes: Index[];
};

const datamodel: Datamodel = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../generated/datamodel.json'), 'utf8'),
);

function sqlType(field: Field): string {
  if (field.kind === 'enum') return field.type;
  const native = field.nativeType?.[0];
  if (native === 'Uuid') return 'uuid';
  const byType: Record<string, string> = {
    String: 'text',
    Int: 'int4',
    BigInt: 'int8',
    Float: 'float8',
    Boolean: 'bool',
    DateTime: 'timestamptz',
    Json: 'jsonb',
    Bytes: 'bytea',
  };
  const base = byType[field.type];
  if (!base) throw new Error(`no SQL type known for ${field.type}`);
  return base;
}

let db: TestDatabase;
let client: pg.Client;
beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

describe('the migrated database matches schema.prisma', () => {
  it('has exactly the tables of the models', async () => {
    const { rows } = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'",
    );
    const expected = datamodel.models.map((m) => m.dbName ?? m.name).sort();
    expect(rows.map((r) => r.tablename).sort()).toEqual(expected);
  });

  it('has every column with its type and nullability, and no others', async () => {
    for (const model of datamodel.models) {
      const table = model.dbName ?? model.name;
      const { rows } = await client.query<{
        column_name: string;
        udt_name: string;
        is_nullable: 'YES' | 'NO';
      }>(
        `SELECT column_name, udt_name, is_nullable FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = $1 ORDER BY column_name`,
        [table],
      );
      const expected = model.fields
        .filter((f) => f.kind !== 'object')
        .map((f) => ({
          column_name: f.dbName ?? f.name,
          udt_name: f.isList ? `_${sqlType(f)}` : sqlType(f),
          // Prisma creates scalar lists as nullable arrays.
          is_nullable: f.isRequired && !f.isList ? 'NO' : 'YES',
        }))
        .sort((a, b) => a.column_name.localeCompare(b.column_name));
      const actual = [...rows].sort((a, b) => a.column_name.localeCompare(b.column_name));
      expect({ table, columns: actual }).toEqual({ table, columns: expected });
    }
  });

  it('has every enum with its values in order', async () => {
    const { rows } = await client.query<{ typname: string; labels: string[] }>(
      `SELECT t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const actual = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    const expected = Object.fromEntries(
      datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]),
    );
    expect(actual).toEqual(expected);
  });

  it('has exactly the primary keys, uniques and indexes declared', async () => {
    const { rows } = await client.query<{ table: string; columns: string[]; unique: boolean }>(
      `SELECT t.relname AS table,
              array_agg(a.attname::text ORDER BY k.ord) AS columns,
              ix.indisunique AS unique
         FROM pg_index ix
         JOIN pg_class i ON i.oid = ix.indexrelid
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
        WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
        GROUP BY t.relname, i.relname, ix.indisunique`,
    );
    const key = (r: { table: string; columns: string[]; unique: boolean }) =>
      `${r.table}(${r.columns.join(',')})${r.unique ? ' unique' : ''}`;
    const models = new Map(datamodel.models.map((m) => [m.name, m]));
    const expected = datamodel.indexes.map((index) => {
      const model = models.get(index.model)!;
      const columns = index.fields.map((f) => {
        const field = model.fields.find((mf) => mf.name === f.name)!;
        return field.dbName ?? field.name;
      });
      return key({ table: model.dbName ?? model.name, columns, unique: index.type !== 'normal' });
    });
    expect(rows.map(key).sort()).toEqual(expected.sort());
  });
});
