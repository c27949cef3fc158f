import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const WORKER_ENTRY = fileURLToPath(new URL('./worker/worker.ts', import.meta.url));

/**
 * Bundles the worker (`src/worker/worker.ts` and the workspace libs it uses, from source) into
 * one ES module at `outfile`, so each restart after a kill starts in a fraction of a second.
 * The native SQLite binding stays external, imported from where the storage lib resolves it.
 */
export async function bundleWorker(outfile: string): Promise<void> {
  await build({
    entryPoints: [WORKER_ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'silent',
    // Bundled CommonJS dependencies may call require(): give the module one.
    banner: { js: "import { createRequire as __chaosRequire } from 'node:module'; const require = __chaosRequire(import.meta.url);" },
    plugins: [
      {
        name: 'external-native-sqlite',
        setup(plugin) {
          // Resolved from the importing file, as Node would, then imported by absolute URL from the bundle.
          plugin.onResolve({ filter: /^better-sqlite3-multiple-ciphers$/ }, (args) => ({
            path: pathToFileURL(createRequire(join(args.resolveDir, 'importer.js')).resolve(args.path)).href,
            external: true,
          }));
        },
      },
    ],
  });
}
