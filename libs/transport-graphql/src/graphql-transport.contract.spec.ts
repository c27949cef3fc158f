import { startDemoServer } from '@mutation-outbox/demo-server';
import { describeTransportContract, temporaryDbPath } from '@mutation-outbox/testing';
import { demoGraphqlOperations, GraphqlTransport } from './index';

describeTransportContract(
  'GraphqlTransport',
  (baseUrl, { timeoutMs, getAuthHeaders }) => new GraphqlTransport({ endpoint: `${baseUrl}/graphql`, operations: demoGraphqlOperations, timeoutMs, getHeaders: getAuthHeaders }),
  () => startDemoServer({ port: 0, dbPath: temporaryDbPath(), faults: {} }),
);
