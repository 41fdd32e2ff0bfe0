// Runs the walkthrough against a running Tributary (`pnpm start` prints all three values):
//   TRIBUTARY_API_URL=http://127.0.0.1:4000 TRIBUTARY_API_KEY=trb_… \
//   TRIBUTARY_SANDBOX_URL=http://127.0.0.1:4100 npx -y pnpm@10.34.8 --filter @tributary/examples start
import { runWalkthrough } from './walkthrough.ts';

const key = process.env.TRIBUTARY_API_KEY;
if (!key) {
  console.error('Set TRIBUTARY_API_KEY to an API key (the start command prints the demo one).');
  process.exit(2);
}
const url = (process.env.TRIBUTARY_API_URL ?? 'http://127.0.0.1:4000').replace(/\/(graphql)?$/, '');
try {
  const result = await runWalkthrough({
    api: { url, key },
    sandboxUrl: process.env.TRIBUTARY_SANDBOX_URL,
    accountId: process.env.TRIBUTARY_EXAMPLE_ACCOUNT ?? 'user_3001',
  });
  console.log(`done: ${result.mirror.size} messages mirrored in ${result.connectionId}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
