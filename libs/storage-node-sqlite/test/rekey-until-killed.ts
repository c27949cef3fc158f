// Child process of the key-rotation crash test: opens the storage with the old key and changes it
// to the new one, printing each step as it completes; with <kill at> naming a step, it kills itself
// with SIGKILL right after that step. Keys are JSON (a passphrase string or { "raw": hex }).
// Usage: node --import tsx rekey-until-killed.ts <db path> <old key> <new key> <kill at step | none>
import { NodeSqliteStorage } from '../src/node-sqlite-storage';
import type { KeyChangeStep } from '../src/change-sqlcipher-key';
import type { SqlCipherKey } from '../src/node-sqlite-storage-options';

const [path, oldJson, newJson, killAt] = process.argv.slice(2).map(String);
const oldKey = JSON.parse(String(oldJson)) as SqlCipherKey;
const newKey = JSON.parse(String(newJson)) as SqlCipherKey;
const storage = new NodeSqliteStorage({ path: String(path), key: oldKey });
await storage.open();
process.stdout.write('open\n');
const onStep = (step: KeyChangeStep): void => {
  process.stdout.write(`${step}\n`);
  if (step === killAt) process.kill(process.pid, 'SIGKILL');
};
await storage.changeKey(oldKey, newKey, { onStep });
await storage.close();
process.stdout.write('done\n');
