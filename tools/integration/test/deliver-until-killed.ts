// Child process of the crash-lease test: queues five contact edits in an outbox on the given
// database file, starts it against the given server, and delivers until the parent kills it.
// Usage: node --import tsx deliver-until-killed.ts <db path> <base url>
import { MutationOutbox } from '@mutation-outbox/core';
import { NodeSqliteStorage } from '@mutation-outbox/storage-node-sqlite';
import { demoHttpRoutes, KyHttpTransport } from '@mutation-outbox/transport-http';
import { CRASH_TEST_KEY, editOptions } from './crash-lease-app';

const [path, baseUrl] = process.argv.slice(2);
const storage = new NodeSqliteStorage({ path: String(path), key: CRASH_TEST_KEY });
const transport = new KyHttpTransport({ baseUrl: String(baseUrl), routes: demoHttpRoutes, timeoutMs: 120_000 });
const outbox = new MutationOutbox({ storage, transport }, editOptions());
for (let i = 0; i < 5; i++) await outbox.enqueue({ type: 'contact.update', entityId: `c${i}`, payload: { name: `name ${i}` } });
await outbox.start();
process.stdout.write('started\n');
setInterval(() => undefined, 1_000);
