import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigurationError } from '@mutation-outbox/core';
import type { JsonValue, OutboxEntry, Transport, TransportOutcome } from '@mutation-outbox/core';

/** Fault settings of the reference server (docs/demo-protocol.md, "Fault injection"). */
export interface ContractServerFaults {
  failureRate?: number;
  failureStatus?: 500 | 503 | 429;
  retryAfterSeconds?: number;
  latencyMs?: number;
  dropRate?: number;
  authFail?: boolean;
  seed?: number;
}

/** The reference server's admin log (`GET /admin/log`): applied writes and arrivals per key. */
export interface ContractServerLog {
  applied: ReadonlyArray<{ seq: number; idempotencyKey: string | null }>;
  keyArrivals: Readonly<Record<string, number>>;
}

/** A running reference server (`startDemoServer` from `@mutation-outbox/demo-server`) on loopback. */
export interface ContractServer {
  readonly url: string;
  setFaults(faults: ContractServerFaults): unknown;
  appliedLog(): ContractServerLog | Promise<ContractServerLog>;
  close(): unknown;
}

/** What the suite hands to the transport factory. */
export interface ContractTransportOptions {
  readonly timeoutMs: number;
  /** Auth hook the transport must call before every request. */
  readonly getAuthHeaders: () => Promise<Record<string, string>>;
}

/** Builds a Transport for the demo's four mutation types against `baseUrl` (no trailing slash). */
export type ContractTransportFactory = (baseUrl: string, options: ContractTransportOptions) => Transport;

const NO_FAULTS: ContractServerFaults = { failureRate: 0, dropRate: 0, latencyMs: 0, authFail: false };
const TIMEOUT_MS = 10_000;
const SHORT_TIMEOUT_MS = 250;
// Far above SHORT_TIMEOUT_MS, so the timeout test never depends on how fast this machine is.
const SLOW_SERVER_MS = 3_000;

let seq = 0;
const temporaryDirs: string[] = [];

/**
 * A database file path in a fresh temporary directory, for the `startServer` of a contract spec;
 * the suite deletes the directory after closing the server.
 */
export function temporaryDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'transport-contract-'));
  temporaryDirs.push(dir);
  return join(dir, 'demo.db');
}

/** An entry as the engine would hand it to a transport (fresh idempotency key each time). */
function entry(type: string, entityId: string, payload: JsonValue, expectedVersion: number | null = null): OutboxEntry {
  seq += 1;
  const now = Date.now();
  return {
    id: `e_${randomUUID()}`,
    seq,
    idempotencyKey: randomUUID(),
    type,
    entityId,
    partitionKey: entityId,
    payload,
    expectedVersion,
    rollbackData: null,
    references: [],
    status: 'in_flight',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    createdAt: now,
    updatedAt: now,
    sizeBytes: JSON.stringify(payload).length,
  };
}

function newContact(name = 'Ada Lovelace'): OutboxEntry {
  return entry('contact.create', `tmp_${randomUUID()}`, { name, email: 'ada@example.com' });
}

function expectKind<K extends TransportOutcome['kind']>(outcome: TransportOutcome | undefined, kind: K): Extract<TransportOutcome, { kind: K }> {
  expect(outcome?.kind, JSON.stringify(outcome)).toBe(kind);
  return outcome as Extract<TransportOutcome, { kind: K }>;
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 9;
}

/**
 * The Transport port's contract, one named test per MUST rule, run against the real reference
 * server. Call it from a `*.contract.spec.ts`; the server is started once per suite on loopback and
 * its faults are cleared before each test; every test uses fresh idempotency keys.
 */
export function describeTransportContract(name: string, createTransport: ContractTransportFactory, startServer: () => Promise<ContractServer>): void {
  describe(`Transport contract: ${name}`, () => {
    let server: ContractServer;
    let authCalls = 0;
    const getAuthHeaders = async (): Promise<Record<string, string>> => {
      authCalls += 1;
      return { Authorization: 'Bearer contract-test' };
    };
    const transport = (timeoutMs = TIMEOUT_MS): Transport => createTransport(server.url, { timeoutMs, getAuthHeaders });
    const faults = async (config: ContractServerFaults) => void (await server.setFaults({ ...NO_FAULTS, ...config }));
    const applied = async (key: string): Promise<number> => (await server.appliedLog()).applied.filter((a) => a.idempotencyKey === key).length;
    const arrivals = async (key: string): Promise<number> => (await server.appliedLog()).keyArrivals[key] ?? 0;
    const created = async (t: Transport) => ({ id: String(expectKind(await t.send(newContact()), 'ok').serverId) });

    beforeAll(async () => {
      server = await startServer();
    });
    afterAll(async () => {
      await server?.close();
      for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(async () => {
      authCalls = 0;
      await faults({});
    });

    it('returns ok with the server id and version for a successful write', async () => {
      const ok = expectKind(await transport().send(newContact()), 'ok');
      expect(typeof ok.serverId).toBe('string');
      expect(ok.serverId).not.toMatch(/^tmp_/);
      expect(ok.version).toBe(1);
    });

    it('handles every demo mutation type (create, update, delete, activity)', async () => {
      const t = transport();
      const contact = await created(t);
      const activity = expectKind(
        await t.send(entry('activity.create', `tmp_${randomUUID()}`, { contactId: contact.id, activity: 'Call', date: '2026-01-02' })),
        'ok',
      );
      expect(activity.version).toBe(1);
      const updated = expectKind(await t.send(entry('contact.update', contact.id, { phone: '+1 555' }, 1)), 'ok');
      expect({ id: updated.serverId, version: updated.version }).toEqual({ id: contact.id, version: 2 });
      const deleted = expectKind(await t.send(entry('contact.delete', contact.id, null, 2)), 'ok');
      expect(deleted.serverId).toBe(contact.id);
    });

    it('always sends the idempotency key (the server records it)', async () => {
      const e = newContact();
      expectKind(await transport().send(e), 'ok');
      expect(await applied(e.idempotencyKey)).toBe(1);
      expect(await arrivals(e.idempotencyKey)).toBe(1);
    });

    it('gets the same server id for a repeated key, and the server applies it once', async () => {
      const t = transport();
      const e = newContact();
      const first = expectKind(await t.send(e), 'ok');
      const second = expectKind(await t.send(e), 'ok');
      expect(second.serverId).toBe(first.serverId);
      expect(second.version).toBe(first.version);
      expect(await applied(e.idempotencyKey)).toBe(1);
      expect(await arrivals(e.idempotencyKey)).toBe(2);
    });

    it('sends the expected version (If-Match) so a stale write conflicts', async () => {
      const t = transport();
      const { id } = await created(t);
      expect(expectKind(await t.send(entry('contact.update', id, { notes: 'v2' }, 1)), 'ok').version).toBe(2);
      expectKind(await t.send(entry('contact.update', id, { notes: 'stale' }, 1)), 'conflict');
    });

    it('classifies a version conflict (409) as conflict with the server state and version', async () => {
      const t = transport();
      const { id } = await created(t);
      const touched = await fetch(`${server.url}/admin/contacts/${encodeURIComponent(id)}/touch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Changed Elsewhere' }),
      });
      expect(touched.ok).toBe(true);
      const conflict = expectKind(await t.send(entry('contact.update', id, { name: 'Mine' }, 1)), 'conflict');
      expect(conflict.serverVersion).toBe(2);
      expect(conflict.serverState).toMatchObject({ id, version: 2, name: 'Changed Elsewhere' });
    });

    it('classifies a validation failure (422) as reject naming the bad fields', async () => {
      const e = entry('contact.create', `tmp_${randomUUID()}`, { name: 'Valid Name', email: 'not-an-email' });
      const reject = expectKind(await transport().send(e), 'reject');
      expect(reject.error.code).toMatch(/\S/);
      expect(`${reject.error.code} ${reject.error.message}`).toMatch(/email/);
      expect(await applied(e.idempotencyKey)).toBe(0);
    });

    it('classifies an unknown entity (404) as reject', async () => {
      const reject = expectKind(await transport().send(entry('contact.update', 'no-such-contact', { name: 'X' })), 'reject');
      expect(reject.error.code).toMatch(/\S/);
    });

    it('classifies 5xx as retry, and nothing is applied', async () => {
      for (const failureStatus of [500, 503] as const) {
        await faults({ failureRate: 1, failureStatus });
        const e = newContact();
        const retry = expectKind(await transport().send(e), 'retry');
        expect(retry.error.httpStatus).toBe(failureStatus);
        expect(await applied(e.idempotencyKey)).toBe(0);
      }
    });

    it('classifies 429 as retry with retryAfterMs from Retry-After', async () => {
      await faults({ failureRate: 1, failureStatus: 429, retryAfterSeconds: 7 });
      const retry = expectKind(await transport().send(newContact()), 'retry');
      expect(retry.error.httpStatus).toBe(429);
      expect(retry.retryAfterMs).toBe(7_000);
    });

    it('classifies a dropped connection as retry, and the write is applied at most once', async () => {
      await faults({ dropRate: 1, seed: 11 });
      const t = transport();
      const e = newContact();
      for (let i = 0; i < 4; i++) expectKind(await t.send(e), 'retry');
      expect(await applied(e.idempotencyKey)).toBeLessThanOrEqual(1);
      await faults({});
      expectKind(await t.send(e), 'ok');
      expect(await applied(e.idempotencyKey)).toBe(1);
    });

    it('classifies a timeout as retry with code TIMEOUT', async () => {
      await faults({ latencyMs: SLOW_SERVER_MS });
      const retry = expectKind(await transport(SHORT_TIMEOUT_MS).send(newContact()), 'retry');
      expect(retry.error.code).toBe('TIMEOUT');
    });

    it('classifies a refused connection as retry', async () => {
      const t = createTransport(`http://127.0.0.1:${await closedPort()}`, { timeoutMs: TIMEOUT_MS, getAuthHeaders });
      expectKind(await t.send(newContact()), 'retry');
    });

    it('classifies 401 as auth', async () => {
      await faults({ authFail: true });
      const e = newContact();
      const auth = expectKind(await transport().send(e), 'auth');
      expect(auth.error.httpStatus).toBe(401);
      expect(await applied(e.idempotencyKey)).toBe(0);
    });

    it('asks for auth headers before every request', async () => {
      const t = transport();
      await t.send(newContact());
      await t.send(newContact());
      expect(authCalls).toBe(2);
    });

    it('makes at most one request per call (no transport-level retries)', async () => {
      for (const config of [{ failureRate: 1, failureStatus: 503 }, { failureRate: 1, failureStatus: 429 }, { dropRate: 1 }] as const) {
        await faults(config);
        const e = newContact();
        expectKind(await transport().send(e), 'retry');
        expect(await arrivals(e.idempotencyKey), JSON.stringify(config)).toBe(1);
      }
    });

    it('throws a ConfigurationError for a mutation type it has no route for', async () => {
      await expect(transport().send(entry('nothing.known', 'x', {}))).rejects.toBeInstanceOf(ConfigurationError);
    });

    it('sendBatch applies the items in order and returns one ok outcome each', async (ctx) => {
      const t = transport();
      if (!t.sendBatch) return ctx.skip();
      const entries = [newContact('One'), newContact('Two'), newContact('Three')];
      const outcomes = await t.sendBatch(entries);
      expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'ok', 'ok']);
      const log = await server.appliedLog();
      const order = entries.map((e) => log.applied.find((a) => a.idempotencyKey === e.idempotencyKey)?.seq ?? -1);
      expect(order.every((s, i) => s > 0 && (i === 0 || s > (order[i - 1] ?? 0)))).toBe(true);
    });

    it('sendBatch stops at the first non-ok item and returns the processed prefix', async (ctx) => {
      const t = transport();
      if (!t.sendBatch) return ctx.skip();
      const bad = entry('contact.create', `tmp_${randomUUID()}`, { email: 'nobody' });
      const after = newContact('Never Sent');
      const outcomes = await t.sendBatch([newContact('First'), bad, after]);
      expect(outcomes.map((o) => o.kind)).toEqual(['ok', 'reject']);
      // Not applied (the server counts an arrival for every item of the batch it received).
      expect(await applied(after.idempotencyKey)).toBe(0);
    });
  });
}
