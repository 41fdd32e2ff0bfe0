// Rewrites docs/integrators.md's code blocks from the example's marked regions:
//   npx -y pnpm@10.34.8 --filter @tributary/examples guide
import { readFileSync, writeFileSync } from 'node:fs';
import { GUIDE, renderGuide } from './guide-samples.ts';

const { text, samples } = renderGuide(readFileSync(GUIDE, 'utf8'));
writeFileSync(GUIDE, text);
console.log(`docs/integrators.md: ${samples.length} samples from examples/`);
