import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fieldMerge, MutationOutbox } from '@mutation-outbox/core';
import type { OutboxOptions } from '@mutation-outbox/core';
import { startDemoServer } from '@mutation-outbox/demo-server';
import type { DemoServer } from '@mutation-outbox/demo-server';
import { NodeSqliteStorage } from '@mutation-outbox/storage-node-sqlite';
import type { SqlTransaction } from '@mutation-outbox/storage-sql';
import { ManualConnectivity } from '@mutation-outbox/testing';
import { demoHttpRoutes, KyHttpTransport } from '@mutation-outbox/transport-http';
import { ContactsApp, contactsOutboxOptions, createLocalTables } from './contacts-app';

let dir: string;
let server: DemoServer;
let outbox: MutationOutbox;
let connectivity: ManualConnectivity;
let app: ContactsApp;

async function openApp(options: Partial<OutboxOptions> = {}): Promise<void> {
  // The key would come from the platform's secure storage; a test makes one up.
  const storage = new NodeSqliteStorage({ path: path.join(dir, 'app.db'), key: 'integration-test-key' });
  const transport = new KyHttpTransport({ baseUrl: `${server.url}/`, routes: demoHttpRoutes, timeoutMs: 5_000 });
  connectivity = new ManualConnectivity(false);
  outbox = new MutationOutbox({ storage, transport, connectivity }, contactsOutboxOptions({ backoff: { baseMs: 10, capMs: 50 }, ...options }));
  await outbox.transaction(async (tx) => createLocalTables(tx as SqlTransaction));
  app = new ContactsApp(outbox);
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'outbox-integration-'));
  server = await startDemoServer({ port: 0, dbPath: path.join(dir, 'server.db') });
});

afterEach(async () => {
  await outbox?.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an offline session against the reference server', () => {
  it('create → update → register activity → delete, made offline, reach the server once each, in order, with server ids', async () => {
    await openApp();
    const mapped: string[] = [];
    outbox.on('id:mapped', (e) => mapped.push(e.tempId));
    const contact = await app.createContact('Ada', 'ada@example.com');
    await app.renameContact(contact, 'Ada Lovelace');
    const activity = await app.registerActivity(contact, 'Site visit', '2026-11-25');
    const kept = await app.createContact('Grace');
    await app.registerActivity(kept, 'Phone call', '2026-11-26');
    await app.deleteContact(contact);
    expect(outbox.getStatus().pending).toBe(6);

    connectivity.goOnline();
    const result = await outbox.flush();
    expect(result).toMatchObject({ succeeded: 6, failed: 0, rolledBack: 0, remaining: 0 });

    const log = server.appliedLog();
    const applied = log.applied.map((a) => `${a.method} ${a.path.replace(/\d+/g, 'N')}`);
    expect(applied).toEqual(['POST /contacts', 'PATCH /contacts/N', 'POST /activities', 'POST /contacts', 'POST /activities', 'DELETE /contacts/N']);
    for (const count of Object.values(log.keyArrivals)) expect(count).toBe(1);
    expect(mapped).toEqual([contact, activity, kept, expect.stringMatching(/^tmp_/)]);

    // Local state equals the server's: the deleted contact and its activity are gone, the other has its server id.
    const state = server.state();
    expect(state.contacts.map((c) => [c.id, c.name, c.version])).toEqual((await app.contacts()).map((c) => [c.id, c.name, c.version]));
    expect(state.activities.map((a) => [a.id, a.contactId, a.activity])).toEqual(await app.activities());
    expect(state.contacts).toHaveLength(1);
    expect(await outbox.resolveId(kept)).toBe(state.contacts[0]?.id);
  });

  it('a create the server rejects rolls back with its dependants, newest first, and the user can see why', async () => {
    await openApp();
    const rolledBack: string[] = [];
    outbox.on('entry:rolled-back', (e) => rolledBack.push(`${e.entry.type}:${e.reason}`));
    const bad = await app.createContact('Bob', 'not-an-email');
    await app.renameContact(bad, 'Bobby');
    await app.registerActivity(bad, 'Lunch', '2026-11-27');
    const good = await app.createContact('Carol');

    connectivity.goOnline();
    const result = await outbox.flush();
    expect(result).toMatchObject({ rolledBack: 1, succeeded: 1, remaining: 0 });
    expect(rolledBack).toEqual(['activity.create:dependency', 'contact.update:dependency', 'contact.create:rejected']);
    const [rejected] = (await outbox.getOutboxEntries({ statuses: ['rolled_back'] })).entries.filter((e) => e.type === 'contact.create');
    expect(rejected?.lastError).toMatchObject({ httpStatus: 422 });
    expect(rejected?.lastError?.message).toMatch(/email/);

    expect((await app.contacts()).map((c) => c.name)).toEqual(['Carol']);
    expect(await app.activities()).toEqual([]);
    expect(server.state().contacts.map((c) => c.name)).toEqual(['Carol']);
    expect(server.appliedLog().applied).toHaveLength(1);
    expect(await outbox.resolveId(good)).toBe(server.state().contacts[0]?.id);
  });

  it('a conflict resolved by field merge keeps both sides’ changes', async () => {
    await openApp({ conflictResolver: fieldMerge });
    connectivity.goOnline();
    const id = await app.createContact('Dana', 'dana@example.com');
    await outbox.flush();
    const serverId = await outbox.resolveId(id);
    server.touch(serverId, { email: 'dana@work.example' }); // someone else edits the email meanwhile
    await app.renameContact(serverId, 'Dana Scully'); // we edit the name, against version 1
    const result = await outbox.flush();
    expect(result).toMatchObject({ succeeded: 1, failed: 0 });
    expect(server.state().contacts[0]).toMatchObject({ name: 'Dana Scully', email: 'dana@work.example', version: 3 });
  });
});
