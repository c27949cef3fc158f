// Child process of the kill -9 test: appends entries one by one, printing each id once its append
// resolved, until the parent kills it. Usage: node --import tsx append-until-killed.ts <db path> <raw key>
import { newEntry } from '@mutation-outbox/testing';
import { NodeSqliteStorage } from '../src/node-sqlite-storage';

const [path, key] = process.argv.slice(2);
const storage = new NodeSqliteStorage({ path: String(path), key: { raw: String(key) } });
await storage.open();
await storage.update('e0', { status: 'in_flight', attempts: 1 }, { durable: false }).catch(() => undefined);
for (let i = 1; ; i++) {
  // A few un-awaited appends per round too, so kills also land inside group commits.
  const limits = { maxEntries: 1e6, maxBytes: 1e9 };
  const group = await Promise.all([storage.append([newEntry(i * 10)], limits), storage.append([newEntry(i * 10 + 1)], limits)]);
  process.stdout.write(group.map(([entry]) => `${entry?.id}\n`).join(''));
}
