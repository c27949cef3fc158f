export { GraphqlTransport } from './graphql-transport';
export type { GraphqlTransportOptions } from './graphql-transport';
export { graphqlTransportModule } from './graphql-transport-module';
export type { GraphqlOperation, GraphqlOperations } from './graphql-operation';
export { demoGraphqlOperations } from './demo-graphql-operations';
export { classifyGraphqlResponse, GRAPHQL_ERROR_CODES } from './classify-graphql-response';
export type { ClassifyGraphqlOptions, GraphqlErrorKind } from './classify-graphql-response';
