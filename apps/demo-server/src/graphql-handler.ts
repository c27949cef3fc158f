import { executeSync, getOperationAST, GraphQLError, parse, validate } from 'graphql';
import type { DocumentNode, ExecutionResult } from 'graphql';
import { fingerprint, runIdempotent } from './idempotency';
import type { IdempotencyPolicy } from './idempotency';
import { parseJson } from './http-io';
import type { Outcome } from './model';
import type { Mutations } from './mutations';
import type { DemoRepository } from './repository';
import { createRootValue, demoSchema } from './graphql-schema';
import type { GraphqlContext } from './graphql-schema';
import { isObject } from './validation';

/**
 * How to answer one `POST /graphql`: at once (bad request, parse or validation errors), as a read
 * (no faults, no idempotency) or as a write (goes through faults, then `run` applies it exactly once).
 */
export type GraphqlPlan =
  | { readonly kind: 'answer'; readonly outcome: Outcome }
  | { readonly kind: 'read'; run(): Outcome }
  | { readonly kind: 'write'; run(idempotencyKey: string | undefined): { outcome: Outcome; replayed: boolean } };

/** A GraphQL error body with one error carrying `extensions.code`. */
export function graphqlError(code: string, message: string): { errors: Array<{ message: string; extensions: { code: string } }> } {
  return { errors: [{ message, extensions: { code } }] };
}

// Codes that are as final as a stored REST 4xx: a repeat would get the same answer.
const DEFINITIVE = new Set(['BAD_USER_INPUT', 'NOT_FOUND']);

const errorCodes = (outcome: Outcome): string[] =>
  ((outcome.body as ExecutionResult).errors ?? []).map((error) => String((error as { extensions?: { code?: unknown } }).extensions?.code));

const GRAPHQL_POLICY: IdempotencyPolicy = {
  commit: (outcome) => errorCodes(outcome).length === 0,
  storable: (outcome) => errorCodes(outcome).every((code) => DEFINITIVE.has(code)),
};

function coercionFields(message: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name] of message.matchAll(/Field "(\w+)" of required type "[^"]+" was not provided/g)) fields[name as string] = 'required';
  for (const [, name] of message.matchAll(/Field "(\w+)" is not defined by type/g)) fields[name as string] = 'unknown field';
  const at = /at "([\w.[\]]+)"/.exec(message)?.[1];
  if (at) fields[at.split('.').pop() as string] ??= 'malformed';
  const variable = /^Variable "\$(\w+)"/.exec(message)?.[1];
  if (Object.keys(fields).length === 0 && variable) fields[variable] = /was not provided/.test(message) ? 'required' : 'malformed';
  return fields;
}

// Errors graphql-js raises itself carry no code; give them the conventional ones.
function withCodes(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  const errors = result.errors.map((error) => {
    if (error.extensions['code'] !== undefined) return error;
    const coercion = error.path === undefined && error.message.startsWith('Variable "$');
    const extensions = coercion ? { code: 'BAD_USER_INPUT', fields: coercionFields(error.message) } : { code: 'INTERNAL_SERVER_ERROR' };
    return new GraphQLError(error.message, { nodes: error.nodes, path: error.path, extensions });
  });
  return { ...result, errors };
}

const toOutcome = (result: ExecutionResult): Outcome => ({ status: 200, body: JSON.parse(JSON.stringify(withCodes(result))) as unknown });

/** Parses and validates one GraphQL request body and decides how it is to be answered. */
export function planGraphql(repo: DemoRepository, mutations: Mutations, bodyText: string): GraphqlPlan {
  const json = parseJson(bodyText);
  const bad = (message: string): GraphqlPlan => ({ kind: 'answer', outcome: { status: 400, body: graphqlError('BAD_REQUEST', message) } });
  if (!json.ok) return bad(json.message);
  const request = json.value;
  if (!isObject(request) || typeof request['query'] !== 'string') return bad('The body must be { query, variables?, operationName? }.');
  const { query, variables, operationName } = request;
  if ((variables !== undefined && variables !== null && !isObject(variables)) || (operationName != null && typeof operationName !== 'string'))
    return bad('variables must be an object and operationName a string.');
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { kind: 'answer', outcome: { status: 200, body: graphqlError('GRAPHQL_PARSE_FAILED', (error as Error).message) } };
  }
  const invalid = validate(demoSchema, document);
  if (invalid.length > 0) {
    const errors = invalid.map((error) => ({ message: error.message, locations: error.locations, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
    return { kind: 'answer', outcome: { status: 200, body: { errors } } };
  }
  const name = typeof operationName === 'string' ? operationName : undefined;
  const execute = (write: GraphqlContext['write']) =>
    toOutcome(
      executeSync({
        schema: demoSchema,
        document,
        rootValue: createRootValue(),
        contextValue: { repo, mutations, write } satisfies GraphqlContext,
        variableValues: (variables ?? undefined) as Record<string, unknown> | undefined,
        operationName: name,
      }),
    );
  if (getOperationAST(document, name)?.operation !== 'mutation') {
    return { kind: 'read', run: () => execute({ idempotencyKey: null, method: 'POST', path: '/graphql', via: 'graphql' }) };
  }
  return {
    kind: 'write',
    run: (idempotencyKey) => {
      const key = idempotencyKey ?? null;
      const print = fingerprint(['GRAPHQL', query, variables ?? null, name ?? null]);
      const write = { idempotencyKey: key, method: 'POST', path: '/graphql', via: 'graphql' } as const;
      const result = runIdempotent(repo, key, print, () => execute(write), GRAPHQL_POLICY);
      if (result.kind === 'reused') {
        const message = `Idempotency-Key ${key} was already used for a different request.`;
        return { outcome: { status: 422, body: graphqlError('IDEMPOTENCY_KEY_REUSED', message) }, replayed: false };
      }
      return { outcome: result.outcome, replayed: result.kind === 'replayed' };
    },
  };
}
