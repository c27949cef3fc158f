// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MutationOutbox } from '@mutation-outbox/core';
import type { OutboxEntry, Transport, TransportOutcome } from '@mutation-outbox/core';
import { FakeClock, ManualConnectivity, MemoryStorage, SeededRandom, settle } from '@mutation-outbox/testing';
import type { SqlExecutor } from '../db/sql-executor';
import { ContactsService } from '../domain/contacts-service';
import { demoIdMapping, demoMutations } from '../domain/demo-mutations';
import { createAppDatabase } from '../test-support/sql-js-database';
import { MutationOutboxAppOutbox } from './mutation-outbox-app-outbox';

/** A transport that answers from a script and records what it was sent. */
class ScriptedTransport implements Transport {
  readonly sent: OutboxEntry[] = [];
  private nextId = 100;
  answer: (entry: OutboxEntry) => TransportOutcome = () => ({ kind: 'ok', serverId: String(this.nextId++), version: 1 });

  async send(entry: OutboxEntry): Promise<TransportOutcome> {
    this.sent.push(entry);
    return this.answer(entry);
  }
}

let sql: SqlExecutor;
let clock: FakeClock;
let connectivity: ManualConnectivity;
let transport: ScriptedTransport;
let outbox: MutationOutbox;
let app: MutationOutboxAppOutbox;
let contacts: ContactsService;

beforeEach(async () => {
  ({ sql } = await createAppDatabase());
  clock = new FakeClock();
  connectivity = new ManualConnectivity(false);
  transport = new ScriptedTransport();
  outbox = new MutationOutbox(
    { storage: new MemoryStorage(), transport, clock, connectivity, random: new SeededRandom(7) },
    { mutations: demoMutations(() => sql), onIdMapped: demoIdMapping(() => sql) },
  );
  app = new MutationOutboxAppOutbox(outbox, () => sql);
  contacts = new ContactsService(app, sql);
  await outbox.start();
});

afterEach(async () => {
  await outbox.close();
});

async function goOnline(): Promise<void> {
  connectivity.goOnline();
  for (let i = 0; i < 5; i++) await clock.runDue();
  await settle();
}

describe('MutationOutboxAppOutbox over the real engine', () => {
  it('queues offline writes, then delivers them in order with server ids and records versions', async () => {
    const id = await contacts.createContact({ name: 'Ann', email: null, phone: null, notes: null });
    await contacts.registerActivity(id, 'Call', '2026-01-02');
    expect(outbox.getStatus()).toMatchObject({ pending: 2, online: false });
    expect((await outbox.getOutboxEntries()).entries.map((e) => e.type)).toEqual(['contact.create', 'activity.create']);

    const mapped: string[] = [];
    outbox.on('id:mapped', ({ tempId, serverId }) => mapped.push(`${tempId}->${serverId}`));
    await goOnline();

    expect(transport.sent.map((e) => e.type)).toEqual(['contact.create', 'activity.create']);
    expect(transport.sent[1]?.payload).toMatchObject({ contactId: '100' });
    expect(mapped).toEqual([`${id}->100`, expect.stringMatching(/->101$/)]);
    expect(await contacts.getContact('100')).toMatchObject({ name: 'Ann', version: 1 });
    expect(await contacts.listActivities('100')).toMatchObject([{ id: '101', version: 1 }]);
    expect(outbox.getStatus()).toMatchObject({ pending: 0, failed: 0 });
  });

  it('rolls back a refused create and its dependent activity, and says why', async () => {
    const id = await contacts.createContact({ name: 'Bad', email: 'nope', phone: null, notes: null });
    await contacts.registerActivity(id, 'Call', '2026-01-02');
    transport.answer = () => ({ kind: 'reject', error: { code: 'VALIDATION_FAILED', message: 'email: malformed', httpStatus: 422 } });
    const notices: Array<[string, string]> = [];
    outbox.on('entry:rolled-back', ({ entry, reason }) => notices.push([entry.type, reason]));
    await goOnline();

    expect(await contacts.listContacts()).toEqual([]);
    expect(await sql.all('SELECT * FROM activities')).toEqual([]);
    expect(notices).toEqual(
      expect.arrayContaining([
        ['contact.create', 'rejected'],
        ['activity.create', 'dependency'],
      ]),
    );
    expect(outbox.getStatus()).toMatchObject({ pending: 0, failed: 0 });
  });

  it('undoes a discarded change locally and signals the change', async () => {
    const id = await contacts.createContact({ name: 'Ann', email: null, phone: null, notes: null });
    const [entry] = (await outbox.getOutboxEntries()).entries;
    let changed = 0;
    app.onChange(() => changed++);
    await outbox.rollbackEntry(entry?.id ?? '');
    expect(await contacts.getContact(id)).toBeNull();
    expect((await outbox.getOutboxEntries()).entries).toEqual([]);
    expect(changed).toBeGreaterThan(0);
  });
});
