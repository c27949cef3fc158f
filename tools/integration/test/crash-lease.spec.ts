import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MutationOutbox } from '@mutation-outbox/core';
import { NodeSqliteStorage } from '@mutation-outbox/storage-node-sqlite';
import { demoHttpRoutes, KyHttpTransport } from '@mutation-outbox/transport-http';
import { CRASH_TEST_KEY, editOptions } from './crash-lease-app';

const WORKSPACE = path.resolve(import.meta.dirname, '../../..');
const CHILD = path.resolve(import.meta.dirname, 'deliver-until-killed.ts');

/** A request as the server saw it. */
interface Arrival {
  readonly at: number;
  readonly key: string;
  readonly path: string;
}

/** A loopback server that holds every request (`hang`) or answers it as accepted (`answer`). */
class HoldingServer {
  mode: 'hang' | 'answer' = 'hang';
  readonly arrivals: Arrival[] = [];
  private readonly held: ServerResponse[] = [];
  private readonly waiters: Array<() => void> = [];
  private readonly server: Server = createServer((request, response) => this.handle(request, response));

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** Resolves once `count` requests arrived in all. */
  arrived(count: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.arrivals.length >= count ? resolve() : this.waiters.push(check));
      check();
    });
  }

  async close(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    request.resume();
    request.on('end', () => {
      const url = request.url ?? '';
      this.arrivals.push({ at: performance.now(), key: String(request.headers['idempotency-key']), path: url });
      for (const waiter of this.waiters.splice(0)) waiter();
      if (this.mode === 'hang') {
        this.held.push(response);
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: decodeURIComponent(url.split('/').pop() ?? ''), version: 2 }));
    });
  }
}

let dir: string;
let server: HoldingServer;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-crash-lease-'));
  server = new HoldingServer();
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a process killed with SIGKILL mid-delivery', () => {
  it('a restarted instance starts delivering within 2 s of start(), with the same idempotency key', async () => {
    const baseUrl = await server.listen();
    const dbPath = path.join(dir, 'app.db');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath, baseUrl], { cwd: WORKSPACE, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await Promise.race([server.arrived(1), exited.then(() => Promise.reject(new Error(`child exited: ${stderr}`)))]);
    // The dead process holds the flush lease and has the first edit on the wire.
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    server.mode = 'answer';
    const storage = new NodeSqliteStorage({ path: dbPath, key: CRASH_TEST_KEY });
    const transport = new KyHttpTransport({ baseUrl, routes: demoHttpRoutes, timeoutMs: 5_000 });
    const outbox = new MutationOutbox({ storage, transport }, editOptions());
    await outbox.open();
    const drained = new Promise<void>((resolve) => outbox.on('status', (status) => status.pending === 0 && resolve()));
    const startedAt = performance.now();
    await outbox.start();
    await server.arrived(2);
    const firstDeliveryMs = (server.arrivals[1] as Arrival).at - startedAt;
    await drained;
    await outbox.close();

    expect(firstDeliveryMs).toBeLessThan(2_000);
    // The request the dead process had on the wire went again with its key; then the rest, in order.
    expect(server.arrivals[1]?.key).toBe(server.arrivals[0]?.key);
    expect(server.arrivals.slice(1).map((arrival) => arrival.path)).toEqual(['/contacts/c0', '/contacts/c1', '/contacts/c2', '/contacts/c3', '/contacts/c4']);
  }, 30_000);
});
