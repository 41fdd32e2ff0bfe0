import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServices, SERVICES } from './build-services.ts';

const root = resolve(import.meta.dirname, '..');

describe('the API and worker bundles', () => {
  it('are built once and then reused while nothing changed', async () => {
    await buildServices();
    expect(await buildServices()).toEqual([]);
  });

  it('import npm packages by absolute file URL and node built-ins by name, nothing else', async () => {
    await buildServices();
    for (const { bundle } of Object.values(SERVICES)) {
      const code = readFileSync(resolve(root, bundle), 'utf8');
      // esbuild prints each import statement ending its line: `… from "x";`, `import "x";`.
      const specifiers = [
        ...code.matchAll(/(?:\bfrom |^import )"([^"]+)";$/gm),
        ...code.matchAll(/\bimport\("([^"]+)"\)/g),
      ].map((m) => m[1]!);
      expect(specifiers.length).toBeGreaterThan(0);
      // A bare name would resolve from dist/, where pnpm gives the app only its own dependencies.
      expect(
        specifiers.filter((s) => !/^(node:|file:\/\/\/)/.test(s) && !/^[a-z_]+$/.test(s)),
      ).toEqual([]);
      // Workspace packages are inside (they export TypeScript, which plain node does not run).
      expect(specifiers.filter((s) => s.includes('@tributary'))).toEqual([]);
      expect(code).not.toContain('import.meta.dirname');
    }
  });
});
