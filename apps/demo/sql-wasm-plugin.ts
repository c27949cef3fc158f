import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

/** Where jeep-sqlite loads the sql.js WebAssembly from (its default `wasmpath` is `/assets`). */
export const SQL_WASM_URL_PATH = '/assets/sql-wasm.wasm';

/** The sql.js 1.12.0 `sql-wasm.wasm` installed in node_modules (the version jeep-sqlite 2.8.0 bundles glue code for). */
export function sqlWasmPath(): string {
  return createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
}

/**
 * Copies sql.js's `sql-wasm.wasm` from node_modules into the build at `assets/sql-wasm.wasm` and
 * serves it at the same path in `vite dev`. Nothing is downloaded.
 */
export function sqlWasmPlugin(): Plugin {
  return {
    name: 'mutation-outbox:sql-wasm',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: SQL_WASM_URL_PATH.slice(1), source: readFileSync(sqlWasmPath()) });
    },
    configureServer(server) {
      server.middlewares.use(SQL_WASM_URL_PATH, (_req, res) => {
        res.setHeader('Content-Type', 'application/wasm');
        res.end(readFileSync(sqlWasmPath()));
      });
    },
  };
}
