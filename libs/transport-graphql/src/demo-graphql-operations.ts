import type { JsonValue, OutboxEntry } from '@mutation-outbox/core';
import type { RouteResult } from '@mutation-outbox/transport-http';
import type { GraphqlOperations } from './graphql-operation';

const CONTACT_FIELDS = 'id version name email phone notes';

/** Reads `{ id, version }` of the mutation field `field` in `data`; throws when it is missing. */
function fieldResult(field: string): (data: JsonValue) => RouteResult {
  return (data) => {
    const value = data !== null && typeof data === 'object' && !Array.isArray(data) ? data[field] : undefined;
    const object = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
    const id = object?.['id'];
    const version = object?.['version'];
    if (typeof id !== 'string' && typeof id !== 'number') throw new Error(`data.${field}.id is missing`);
    return { serverId: String(id), ...(typeof version === 'number' ? { version } : {}) };
  };
}

function expectedVersion(entry: OutboxEntry): { expectedVersion?: number } {
  return entry.expectedVersion === null ? {} : { expectedVersion: entry.expectedVersion };
}

/**
 * The operations of the reference server's GraphQL schema (docs/demo-protocol.md):
 * `contact.create` → `createContact`, `contact.update` → `updateContact` (with
 * `expectedVersion`), `contact.delete` → `deleteContact`, `activity.create` → `registerActivity`.
 */
export const demoGraphqlOperations: GraphqlOperations = {
  'contact.create': {
    document: `mutation CreateContact($input: ContactInput!) { createContact(input: $input) { ${CONTACT_FIELDS} } }`,
    variables: (entry) => ({ input: entry.payload }),
    result: fieldResult('createContact'),
  },
  'contact.update': {
    document: `mutation UpdateContact($id: ID!, $patch: ContactPatch!, $expectedVersion: Int) {
  updateContact(id: $id, patch: $patch, expectedVersion: $expectedVersion) { ${CONTACT_FIELDS} }
}`,
    variables: (entry) => ({ id: entry.entityId, patch: entry.payload, ...expectedVersion(entry) }),
    result: fieldResult('updateContact'),
  },
  'contact.delete': {
    document: `mutation DeleteContact($id: ID!, $expectedVersion: Int) { deleteContact(id: $id, expectedVersion: $expectedVersion) { id deleted version } }`,
    variables: (entry) => ({ id: entry.entityId, ...expectedVersion(entry) }),
    result: fieldResult('deleteContact'),
  },
  'activity.create': {
    document: `mutation RegisterActivity($input: ActivityInput!) { registerActivity(input: $input) { id version contactId activity date } }`,
    variables: (entry) => ({ input: entry.payload }),
    result: fieldResult('registerActivity'),
  },
};
