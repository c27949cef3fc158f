// Child process of the temp-file test, started with SQLITE_TMPDIR pointing at a fresh directory
// (SQLite reads it once per process). Opens the database the way NodeSqliteStorage does, runs a
// sort that spills, and prints the files holding the marker in plaintext as JSON.
// Usage: node --import tsx spill-sort-child.ts <db path> <raw key> <marker> [--control]
// `--control` sets temp_store back to the build's default (files), to prove the probe sees them.
import { dirname } from 'node:path';
import { spillSortAndScan } from '@mutation-outbox/testing';
import type { IterableSqliteConnection } from '@mutation-outbox/testing';
import { openSqlCipherDatabase } from '../src/open-sqlcipher-database';

const [path, key, marker, mode] = process.argv.slice(2).map(String);
const db = openSqlCipherDatabase({ path: String(path), key: { raw: String(key) } }) as unknown as IterableSqliteConnection;
if (mode === '--control') db.pragma('temp_store = DEFAULT');
const found = spillSortAndScan(db, String(marker), [String(process.env['SQLITE_TMPDIR']), dirname(String(path))]);
process.stdout.write(JSON.stringify({ tempStore: db.pragma('temp_store'), found }));
