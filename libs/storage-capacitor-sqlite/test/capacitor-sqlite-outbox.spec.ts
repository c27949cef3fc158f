import type { SQLiteDBConnection } from '@capacitor-community/sqlite';
import { Container, ContainerModule } from 'inversify';
import { TOKENS, outboxCoreModule } from '@mutation-outbox/core';
import type { Clock, MutationOutbox, OutboxEntry, Transport, TransportOutcome } from '@mutation-outbox/core';
import type { SqlTransaction } from '@mutation-outbox/storage-sql';
import { FakeClock } from '@mutation-outbox/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { capacitorSqliteStorageModule } from '../src/capacitor-sqlite-storage-module';
import { SimulatedDevice } from './harness/simulated-device';
import { TestApp } from './harness/test-app';

// The full container (core + this storage on the app's own connection) with a scripted transport:
// the app's optimistic write and the enqueue commit together, and a permanent rejection undoes
// the write through the same connection.
let device: SimulatedDevice;
let app: TestApp;
let db: SQLiteDBConnection;
let outbox: MutationOutbox;
const answers: TransportOutcome[] = [];
const sent: OutboxEntry[] = [];

beforeEach(async () => {
  device = SimulatedDevice.create();
  device.kdfIter = 4_000;
  app = new TestApp(device);
  db = await app.connect('app');
  await db.execute("CREATE TABLE contacts (id TEXT PRIMARY KEY, name TEXT NOT NULL); INSERT INTO contacts VALUES ('c1', 'Ada');");
  const transport: Transport = {
    async send(entry) {
      sent.push(entry);
      return answers.shift() ?? { kind: 'ok' };
    },
  };
  const container = new Container();
  container.load(
    outboxCoreModule(
      {
        mutations: [
          {
            type: 'contact.rename',
            kind: 'update',
            async rollback({ entry, tx }) {
              const before = entry.rollbackData as { name: string };
              await (tx as SqlTransaction).run('UPDATE contacts SET name = ? WHERE id = ?', [before.name, entry.entityId]);
            },
          },
        ],
      },
      { clock: false, connectivity: true },
    ),
    new ContainerModule(({ bind }) => {
      bind<Clock>(TOKENS.Clock).toConstantValue(new FakeClock());
      bind<Transport>(TOKENS.Transport).toConstantValue(transport);
    }),
    capacitorSqliteStorageModule({ connection: db, encrypted: true, platform: 'android' }),
  );
  outbox = container.get<MutationOutbox>(TOKENS.MutationOutbox);
  await outbox.open();
});

afterEach(async () => {
  await outbox.close();
  answers.length = 0;
  sent.length = 0;
  app.plugin.dispose();
  device.dispose();
});

async function rename(name: string): Promise<void> {
  await outbox.transaction(async (tx) => {
    const [row] = await (tx as SqlTransaction).all("SELECT name FROM contacts WHERE id = 'c1'");
    await (tx as SqlTransaction).run("UPDATE contacts SET name = ? WHERE id = 'c1'", [name]);
    await outbox.enqueue({ type: 'contact.rename', entityId: 'c1', payload: { name }, rollbackData: row as { name: string } }, { tx });
  });
}

async function contactName(): Promise<unknown> {
  return ((await db.query("SELECT name FROM contacts WHERE id = 'c1'")).values ?? [])[0];
}

it('delivers an enqueued rename made in one transaction with the local write', async () => {
  await rename('Ada Lovelace');
  expect(await contactName()).toEqual({ name: 'Ada Lovelace' });
  expect(await outbox.flush()).toMatchObject({ attempted: 1, succeeded: 1, remaining: 0 });
  expect(sent.map((entry) => entry.payload)).toEqual([{ name: 'Ada Lovelace' }]);
  expect((await outbox.getOutboxEntries()).entries).toEqual([]);
});

it('rolls the local write back through the shared connection when the server rejects it', async () => {
  await rename('Mallory');
  answers.push({ kind: 'reject', error: { code: 'FORBIDDEN_NAME', message: 'no', httpStatus: 422 } });
  expect(await outbox.flush()).toMatchObject({ rolledBack: 1 });
  expect(await contactName()).toEqual({ name: 'Ada' });
});
