import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { offlineShellPlugin } from './offline-shell-plugin.ts';
import { sqlWasmPlugin } from './sql-wasm-plugin.ts';

/** Builds the demo into dist/; `/api` is proxied to the demo server in `vite dev` (DEMO_API_URL). */
export default defineConfig({
  root: import.meta.dirname,
  // sqlWasmPlugin first, so the service worker precaches the wasm it emits.
  plugins: [react(), sqlWasmPlugin(), offlineShellPlugin()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000 },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': { target: process.env['DEMO_API_URL'] ?? 'http://127.0.0.1:3000', rewrite: (path) => path.replace(/^\/api/, '') } },
  },
});
