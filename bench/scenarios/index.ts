import { latency150, zeroLatency } from './ads-sync.ts';
import { apiReads } from './api-reads.ts';
import { fanOut } from './fan-out.ts';
import { firstRecords, messengerHuge } from './first-records.ts';
import { incremental } from './incremental.ts';
import { largeAccount } from './large-account.ts';
import { rateBudget } from './rate-budget.ts';
import type { Scenario } from './scenario.ts';
import { tenAccounts } from './ten-accounts.ts';

/** Every scenario, in the order `pnpm bench` runs them (zero-latency first: others use it). */
export const SCENARIOS: Scenario[] = [
  zeroLatency,
  latency150,
  rateBudget,
  tenAccounts,
  largeAccount,
  messengerHuge,
  incremental,
  firstRecords,
  fanOut,
  apiReads,
];
