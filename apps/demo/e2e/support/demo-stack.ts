import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoServer } from '@mutation-outbox/demo-server';
import type { DemoServer } from '@mutation-outbox/demo-server';
import { E2E_DIST } from './paths';

/** The demo server serving the e2e build at / and the API under /api, on a free 127.0.0.1 port. */
export interface DemoStack {
  readonly server: DemoServer;
  /** The app's URL, with a trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

/** Starts a demo server with a fresh database in a temporary directory. */
export async function startDemoStack(): Promise<DemoStack> {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-e2e-server-'));
  const server = await startDemoServer({ port: 0, host: '127.0.0.1', dbPath: join(dir, 'demo.db'), staticDir: E2E_DIST });
  return {
    server,
    url: `${server.url}/`,
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
