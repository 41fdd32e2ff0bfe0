/**
 * The production build of the API and the worker: one esbuild bundle each
 * (apps/<app>/dist/main.js) that plain `node` runs, so production does not pay for tsx's
 * loader and its compile cache (issue #15: the worker's memory). The workspace packages,
 * which export TypeScript source, are bundled in; every npm package stays external, imported
 * by the absolute path it resolves to from the file that imports it (pnpm gives each package
 * only its own dependencies, so a bare name would not resolve from dist/). Source files keep
 * their own `import.meta.dirname` and `import.meta.url`, so paths they compute (migrations,
 * the data directory, the dashboard build) stay what they are when run through tsx.
 * The bundles are cached: built again only when a source file or the lockfile is newer.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

/**
 * V8's heap sizing for the worker. Its pages live for a provider round trip (~100 ms), so with
 * V8's default old-generation growth (up to ~3x the live heap before the next full collection)
 * a worker whose live heap is ~60 MB sat at 466 MB during the ten-account bench. Growing the
 * old generation by half its live size between full collections, with 16 MB semi-spaces, keeps
 * it at ~230 MB at the same throughput: full collections are more frequent, not longer, and the
 * heap still follows the live size (no fixed cap that a large page could exceed). Smaller
 * semi-spaces (8 MB: 220 MB) promote more of each page to the old generation and cost the
 * zero-latency sync ~10% of its rate. Measured with `pnpm bench zero-latency ten-accounts`.
 */
const WORKER_HEAP_FLAGS = ['--max-semi-space-size=16', '--heap-growing-percent=50'];

/** What the start command runs: the entry's source, its bundle, and node's flags for it. */
export const SERVICES = {
  api: { source: 'apps/api/src/main.ts', bundle: 'apps/api/dist/main.js', nodeFlags: [] },
  worker: {
    source: 'apps/worker/src/main.ts',
    bundle: 'apps/worker/dist/main.js',
    nodeFlags: WORKER_HEAP_FLAGS,
  },
} as const satisfies Record<string, { source: string; bundle: string; nodeFlags: string[] }>;

export type ServiceName = keyof typeof SERVICES;

/** The command line after `node` that runs a service's bundle in production. */
export function bundleArgs(name: ServiceName): string[] {
  return [
    ...SERVICES[name].nodeFlags,
    '--enable-source-maps',
    resolve(root, SERVICES[name].bundle),
  ];
}

const BUILTINS = new Set(builtinModules);
const skip = Symbol('resolving an external');

const externalPackages: Plugin = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === skip) return undefined;
      if (args.path.startsWith('node:') || BUILTINS.has(args.path)) {
        return { path: args.path, external: true };
      }
      if (args.path.startsWith('@tributary/')) return undefined; // bundled: source
      const found = await builder.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: skip,
      });
      if (found.errors.length > 0) return { errors: found.errors };
      return { path: pathToFileURL(found.path).href, external: true };
    });
  },
};

const ownImportMeta: Plugin = {
  name: 'own-import-meta',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${'/'}node_modules${'/'}`)) return undefined;
      const text = await readFile(args.path, 'utf8');
      return {
        loader: 'ts',
        contents: text
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path))
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      };
    });
  },
};

type Metafile = { inputs: Record<string, unknown> };

/** True when the bundle exists and nothing it was built from (nor the lockfile) changed since. */
function isFresh(bundle: string): boolean {
  const metaPath = `${bundle}.meta.json`;
  if (!existsSync(bundle) || !existsSync(metaPath)) return false;
  const builtAt = statSync(bundle).mtimeMs;
  const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as Metafile;
  const inputs = [...Object.keys(meta.inputs), 'pnpm-lock.yaml', 'scripts/build-services.ts'];
  return inputs.every((input) => {
    const path = resolve(root, input);
    return existsSync(path) && statSync(path).mtimeMs <= builtAt;
  });
}

/**
 * Builds the bundles that are missing or stale; returns the names built (empty: all were fresh).
 */
export async function buildServices(names: ServiceName[] = ['api', 'worker']): Promise<string[]> {
  const stale = names.filter((name) => !isFresh(join(root, SERVICES[name].bundle)));
  await Promise.all(
    stale.map(async (name) => {
      const { source, bundle } = SERVICES[name];
      // Written beside and renamed over: a start command launching meanwhile (the browser
      // tests start several at once) never runs half a file.
      const result = await build({
        absWorkingDir: root,
        entryPoints: [source],
        outfile: bundle,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        sourcemap: 'linked',
        metafile: true,
        write: false,
        logLevel: 'warning',
        plugins: [externalPackages, ownImportMeta],
      });
      await mkdir(dirname(join(root, bundle)), { recursive: true });
      const outputs = [
        ...result.outputFiles.map((file) => ({ path: file.path, contents: file.contents })),
        { path: `${join(root, bundle)}.meta.json`, contents: JSON.stringify(result.metafile) },
      ];
      // The bundle last: its mtime is what freshness is measured against.
      outputs.sort((a, b) => Number(a.path.endsWith('.js')) - Number(b.path.endsWith('.js')));
      for (const { path, contents } of outputs) {
        const temporary = `${path}.${process.pid}.tmp`;
        await writeFile(temporary, contents);
        await rename(temporary, path);
      }
    }),
  );
  return stale;
}

// `tsx scripts/build-services.ts`: build now (what `pnpm build:services` runs).
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const startedAt = performance.now();
  const built = await buildServices();
  console.log(
    built.length
      ? `built ${built.join(', ')} in ${((performance.now() - startedAt) / 1000).toFixed(2)} s`
      : 'api and worker bundles are up to date',
  );
}
