import { startDemoServer } from '@mutation-outbox/demo-server';
import { describeTransportContract, temporaryDbPath } from '@mutation-outbox/testing';
import { demoHttpRoutes, KyHttpTransport } from './index';

describeTransportContract(
  'KyHttpTransport',
  (baseUrl, { timeoutMs, getAuthHeaders }) => new KyHttpTransport({ baseUrl, routes: demoHttpRoutes, timeoutMs, getHeaders: getAuthHeaders, batchPath: 'batch' }),
  () => startDemoServer({ port: 0, dbPath: temporaryDbPath(), faults: {} }),
);
