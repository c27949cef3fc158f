import { describeStorageContract } from '@mutation-outbox/testing';
import { createNodeSqliteHarness } from '../test/node-sqlite-harness';

describeStorageContract('NodeSqliteStorage', createNodeSqliteHarness);
