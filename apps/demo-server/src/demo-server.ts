import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { openDemoDatabase } from './database';
import { FaultInjector } from './faults';
import type { FaultConfig } from './faults';
import type { AppliedLog, Contact, ServerState } from './model';
import { Mutations } from './mutations';
import { DemoRepository } from './repository';
import { createRequestHandler } from './request-handler';

/** How to start a demo server. */
export interface DemoServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; `127.0.0.1` by default. */
  host?: string;
  /** SQLite file (created with its directory if missing); reusing it keeps data and stored answers. */
  dbPath: string;
  /** Initial fault settings (no faults by default). */
  faults?: Partial<FaultConfig>;
  /** Print one line per request to stdout. */
  logRequests?: boolean;
  /** Serve this directory for non-API GET requests, with SPA fallback to `index.html`. */
  staticDir?: string;
  /** How injected latency is waited; defaults to a timer. A test seam to control latency without sleeping. */
  sleep?: (ms: number) => Promise<void>;
}

/** A running demo server. */
export interface DemoServer {
  /** Base URL, e.g. `http://127.0.0.1:43123` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly dbPath: string;
  /** The full current fault settings. */
  faults(): FaultConfig;
  /** Merges fault settings (as `POST /admin/faults`) and returns the full config; throws TypeError when invalid. */
  setFaults(partial: Partial<FaultConfig>): FaultConfig;
  /** The applied writes in order and key arrival counts (same data as `GET /admin/log`). */
  appliedLog(): AppliedLog;
  /** All contacts and activities (same data as `GET /admin/state`). */
  state(): ServerState;
  /** An out-of-band contact edit (version + 1), as `POST /admin/contacts/:id/touch`; throws when invalid or unknown. */
  touch(id: string, fields: Partial<Omit<Contact, 'id' | 'version'>>): Contact;
  /** Clears all data, stored answers, the log and arrival counts (as `POST /admin/reset`); faults stay. */
  reset(): void;
  /** Stops accepting, destroys open connections and closes the database. Idempotent. */
  close(): Promise<void>;
}

/** Opens the database, listens and resolves once the server accepts connections. */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  const faults = new FaultInjector(options.faults ?? {});
  const db = openDemoDatabase(options.dbPath);
  const repo = new DemoRepository(db);
  const mutations = new Mutations(repo);
  const closing = new AbortController();
  const custom = options.sleep;
  const sleep = custom ? (ms: number) => custom(ms) : (ms: number, signal: AbortSignal) => delay(ms, undefined, { signal });
  const handler = createRequestHandler({
    repo,
    mutations,
    faults,
    sleep,
    signal: closing.signal,
    logRequests: options.logRequests ?? false,
    ...(options.staticDir !== undefined ? { staticDir: options.staticDir } : {}),
  });
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    db.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  const shownHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;

  let closed: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    host,
    dbPath: options.dbPath,
    faults: () => faults.config(),
    setFaults: (partial) => faults.update(partial),
    appliedLog: () => repo.appliedLog(),
    state: () => repo.state(),
    touch: (id, fields) => {
      const context = { idempotencyKey: null, method: 'POST', path: `/admin/contacts/${id}/touch`, via: 'admin' } as const;
      const outcome = repo.transaction(() => mutations.touchContact(id, fields, context));
      if (outcome.status !== 200) throw new Error(`touch ${id} failed: ${outcome.status} ${JSON.stringify(outcome.body)}`);
      return outcome.body as Contact;
    },
    reset: () => repo.reset(),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => {
          db.close();
          resolve();
        });
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
