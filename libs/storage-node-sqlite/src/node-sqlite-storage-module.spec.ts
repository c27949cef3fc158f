import { join } from 'node:path';
import { Container } from 'inversify';
import { afterEach, describe, expect, it } from 'vitest';
import { TOKENS } from '@mutation-outbox/core';
import type { OutboxStorage } from '@mutation-outbox/core';
import { newEntry } from '@mutation-outbox/testing';
import { NodeSqliteStorage } from './node-sqlite-storage';
import { nodeSqliteStorageModule } from './node-sqlite-storage-module';
import { tempDir, TEST_RAW_KEY } from '../test/node-sqlite-harness';

describe('nodeSqliteStorageModule', () => {
  const temp = tempDir();
  afterEach(() => temp.remove());

  it('binds TOKENS.Storage to one NodeSqliteStorage per container, usable once opened', async () => {
    const container = new Container();
    container.load(nodeSqliteStorageModule({ path: join(temp.dir, 'outbox.db'), key: { raw: TEST_RAW_KEY } }));
    const storage = container.get<OutboxStorage>(TOKENS.Storage);
    expect(storage).toBeInstanceOf(NodeSqliteStorage);
    expect(container.get(TOKENS.Storage)).toBe(storage);
    await storage.open();
    await storage.append([newEntry(1)], { maxEntries: 10, maxBytes: 10_000 });
    expect((await storage.counts()).pending).toBe(1);
    await storage.close();
  });
});
