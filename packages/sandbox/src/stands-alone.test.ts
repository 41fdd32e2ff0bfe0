import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The emulators must not share code with the clients they test (issue 11): a shared field
// list or error body would make both agree on the same mistake, and no test could catch it.
const PACKAGE = resolve(import.meta.dirname, '..');
const CONNECTORS = resolve(PACKAGE, '../connectors');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file names: static and dynamic imports, re-exports. */
function specifiersOf(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g))
    found.push(match[1]!);
  return found;
}

/** Why a specifier in `file` reaches the connectors package, or undefined when it does not. */
function connectorsReach(file: string, specifier: string): string | undefined {
  if (/^@tributary\/connectors(\/|$)/.test(specifier)) return 'imports the package';
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(file), specifier);
  return relative(CONNECTORS, target).startsWith('..') ? undefined : 'imports its files';
}

describe('the sandbox package stands on its own', () => {
  it('no source file imports from packages/connectors', () => {
    const offenders = sourceFiles(join(PACKAGE, 'src')).flatMap((file) =>
      specifiersOf(readFileSync(file, 'utf8'))
        .filter((specifier) => connectorsReach(file, specifier))
        .map((specifier) => `${relative(PACKAGE, file)}: ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it('does not depend on @tributary/connectors in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8'));
    const names = Object.keys({
      ...manifest.dependencies,
      ...manifest.devDependencies,
      ...manifest.peerDependencies,
    });
    expect(names.filter((name) => name.startsWith('@tributary/connectors'))).toEqual([]);
  });

  it('the scan sees an import of the connectors, by name or by path', () => {
    // Built from parts so that this file's own text names no such import.
    const name = ['@tributary', 'connectors'].join('/');
    const path = ['..', '..', '..', 'connectors', 'src', 'facebook-graph', 'graph-time.ts'].join(
      '/',
    );
    const file = join(PACKAGE, 'src/facebook-ads/example.ts');
    const text = [
      `import { STRUCTURE_FIELDS } from '${name}';`,
      `export * from "${path}";`,
      `const m = await import('${name}/anything');`,
      `import { dayOf } from '../facebook-graph/graph-time.ts';`,
    ].join('\n');
    const reached = specifiersOf(text).filter((s) => connectorsReach(file, s));
    expect(reached).toEqual([name, path, `${name}/anything`]);
  });
});
