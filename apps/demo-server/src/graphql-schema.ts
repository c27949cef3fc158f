import { buildSchema, GraphQLError } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import type { Outcome, WriteContext } from './model';
import type { Mutations } from './mutations';
import type { DemoRepository } from './repository';

/** The schema of docs/demo-protocol.md, verbatim. */
export const SCHEMA_SDL = /* GraphQL */ `
  type Contact { id: ID!, version: Int!, name: String!, email: String, phone: String, notes: String }
  type Activity { id: ID!, version: Int!, contactId: ID!, activity: String!, date: String! }
  type DeleteResult { id: ID!, deleted: Boolean!, version: Int! }
  input ContactInput { name: String!, email: String, phone: String, notes: String }
  input ContactPatch { name: String, email: String, phone: String, notes: String }
  input ActivityInput { contactId: ID!, activity: String!, date: String! }
  type Query { contacts: [Contact!]!, contact(id: ID!): Contact, activities(contactId: ID): [Activity!]! }
  type Mutation {
    createContact(input: ContactInput!): Contact!
    updateContact(id: ID!, patch: ContactPatch!, expectedVersion: Int): Contact!
    deleteContact(id: ID!, expectedVersion: Int): DeleteResult!
    registerActivity(input: ActivityInput!): Activity!
  }
`;

/** The executable schema (resolvers come as the root value, see {@link createRootValue}). */
export const demoSchema: GraphQLSchema = buildSchema(SCHEMA_SDL);

/** What every resolver of one request sees. */
export interface GraphqlContext {
  readonly repo: DemoRepository;
  readonly mutations: Mutations;
  /** Key and channel recorded in the applied log for each mutation of the document. */
  readonly write: WriteContext;
}

type Args = Record<string, unknown>;

/** Turns a non-2xx domain outcome into the GraphQL error with the protocol's extensions. */
export function outcomeError(outcome: Outcome): GraphQLError {
  const body = outcome.body as { error?: { message?: string; fields?: Record<string, string> }; current?: unknown };
  const message = body.error?.message ?? 'Request failed.';
  switch (outcome.status) {
    case 422:
      return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', fields: body.error?.fields ?? {} } });
    case 404:
      return new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });
    case 409:
      return new GraphQLError(message, { extensions: { code: 'CONFLICT', current: body.current } });
    default:
      return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
}

function unwrap(outcome: Outcome): unknown {
  if (outcome.status >= 200 && outcome.status < 300) return outcome.body;
  throw outcomeError(outcome);
}

const asId = (value: unknown): number | undefined => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : undefined);

/** Synchronous resolvers over the same domain writes as REST, so a document runs in one transaction. */
export function createRootValue(): Record<string, (args: Args, context: GraphqlContext) => unknown> {
  return {
    contacts: (_args, { repo }) => repo.contacts(),
    contact: (args, { repo }) => {
      const id = asId(args['id']);
      return id === undefined ? null : (repo.contact(id) ?? null);
    },
    activities: (args, { repo }) => {
      if (args['contactId'] === undefined || args['contactId'] === null) return repo.activities();
      const id = asId(args['contactId']);
      return id === undefined ? [] : repo.activities(id);
    },
    createContact: (args, { mutations, write }) => unwrap(mutations.createContact(args['input'], write)),
    updateContact: (args, { mutations, write }) =>
      unwrap(mutations.updateContact(String(args['id']), { ...(args['patch'] as Args), expectedVersion: args['expectedVersion'] }, undefined, write)),
    deleteContact: (args, { mutations, write }) =>
      unwrap(mutations.deleteContact(String(args['id']), { expectedVersion: args['expectedVersion'] }, undefined, write)),
    registerActivity: (args, { mutations, write }) => unwrap(mutations.createActivity(args['input'], write)),
  };
}
