import { parseArgs } from 'node:util';
import type { Scenario } from './scenarios/scenario.ts';

export class BenchUsageError extends Error {
  readonly code = 'BENCH_USAGE';
}

export const USAGE =
  'usage: pnpm bench [scenario …] [--runs N] [--quick] [--large-records N] [--out DIR] [--profile-sql]';

export type BenchArgs = {
  scenarios: Scenario[];
  runs: number;
  quick: boolean;
  largeRecords: number;
  out: string | undefined;
  /** Load pg_stat_statements and report the engine passes' costliest statements (adds overhead). */
  profileSql: boolean;
};

/** Reads the command line; a bad flag or an unknown scenario is a BenchUsageError. */
export function parseBenchArgs(argv: string[], all: Scenario[]): BenchArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new BenchUsageError(`${(error as Error).message}; ${USAGE}`);
  }
  const { values, positionals } = parsed;
  const runs = Number(values.runs ?? 3);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
    throw new BenchUsageError(`--runs must be a whole number from 1 to 50, got ${values.runs}`);
  }
  const quick = values.quick ?? false;
  const largeRecords = Number(values['large-records'] ?? (quick ? 10_000 : 1_000_000));
  if (!Number.isInteger(largeRecords) || largeRecords < 1_000 || largeRecords > 5_000_000) {
    throw new BenchUsageError(
      `--large-records must be a whole number from 1,000 to 5,000,000, got ${values['large-records']}`,
    );
  }
  const unknown = positionals.filter((name) => !all.some((s) => s.name === name));
  if (unknown.length > 0) {
    throw new BenchUsageError(
      `unknown scenario ${unknown.join(', ')}; scenarios: ${all.map((s) => s.name).join(', ')}`,
    );
  }
  const scenarios =
    positionals.length === 0 ? all : all.filter((s) => positionals.includes(s.name));
  return {
    scenarios,
    runs,
    quick,
    largeRecords,
    out: values.out,
    profileSql: values['profile-sql'] ?? false,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      runs: { type: 'string' },
      quick: { type: 'boolean' },
      'large-records': { type: 'string' },
      out: { type: 'string' },
      'profile-sql': { type: 'boolean' },
    },
  });
}
