import { errorBody } from './model';
import type { Outcome, OperationName, WriteContext } from './model';
import type { ContactFields, DemoRepository } from './repository';
import { isObject, parseExpectedVersion, unknownFields, validateActivityCreate, validateContactCreate, validateContactPatch } from './validation';
import type { FieldErrors } from './validation';

/** 422 VALIDATION_FAILED whose message also names the fields, e.g. `Invalid fields: name (required).` */
export function invalidFields(fields: FieldErrors): Outcome {
  const list = Object.entries(fields).map(([field, reason]) => `${field} (${reason})`);
  return { status: 422, body: errorBody('VALIDATION_FAILED', `Invalid fields: ${list.join(', ')}.`, { fields }) };
}

const invalid = invalidFields;
const notFound = (rawId: string): Outcome => ({ status: 404, body: errorBody('NOT_FOUND', `No contact with id ${rawId}.`) });

function rowId(rawId: string): number | undefined {
  return /^\d{1,15}$/.test(rawId) ? Number(rawId) : undefined;
}

/**
 * The domain writes of the protocol. Each call validates, checks the expected version, applies the
 * write and logs it, synchronously; the caller wraps it in a transaction together with the stored
 * idempotent answer. A non-2xx outcome has written nothing.
 */
export class Mutations {
  constructor(private readonly repo: DemoRepository) {}

  private applied(context: WriteContext, operation: OperationName, status: number, entityId: string, body: unknown): Outcome {
    // A GraphQL document answers 200 as a whole, so that is what its writes are logged with.
    this.repo.logApplied(context, operation, context.via === 'graphql' ? 200 : status, entityId);
    return { status, body };
  }

  /** `contact.create` → 201 with the new contact at version 1. */
  createContact(body: unknown, context: WriteContext): Outcome {
    const input = validateContactCreate(body);
    if (!input.ok) return invalid(input.fields);
    const contact = this.repo.insertContact(input.value);
    return this.applied(context, 'contact.create', 201, contact.id, contact);
  }

  /** `contact.update` → 200 with the contact at version + 1; 409 with `current` on a version mismatch. */
  updateContact(rawId: string, body: unknown, ifMatch: string | undefined, context: WriteContext): Outcome {
    return this.change(rawId, body, ifMatch, context, 'contact.update');
  }

  /** Out-of-band edit for conflict tests: like an update without version check, logged as `contact.touch`. */
  touchContact(rawId: string, body: unknown, context: WriteContext): Outcome {
    return this.change(rawId, body, undefined, context, 'contact.touch');
  }

  private change(rawId: string, body: unknown, ifMatch: string | undefined, context: WriteContext, operation: OperationName): Outcome {
    const id = rowId(rawId);
    const current = id === undefined ? undefined : this.repo.contact(id);
    const patch = validateContactPatch(body, operation === 'contact.update' ? ['expectedVersion'] : []);
    const expected = parseExpectedVersion(ifMatch, isObject(body) ? body['expectedVersion'] : undefined);
    if (!patch.ok || !expected.ok) return invalid({ ...(patch.ok ? {} : patch.fields), ...(expected.ok ? {} : expected.fields) });
    if (id === undefined || current === undefined) return notFound(rawId);
    if (expected.value !== undefined && expected.value !== current.version) return conflict(current);
    const fields: ContactFields = { name: current.name, email: current.email, phone: current.phone, notes: current.notes, ...patch.value };
    const contact = this.repo.updateContact(id, fields);
    return this.applied(context, operation, 200, contact.id, contact);
  }

  /** `contact.delete` → 200 `{ id, deleted: true, version }` (version + 1); its activities go too. */
  deleteContact(rawId: string, body: unknown, ifMatch: string | undefined, context: WriteContext): Outcome {
    const id = rowId(rawId);
    const current = id === undefined ? undefined : this.repo.contact(id);
    const errors: FieldErrors = {};
    if (isObject(body)) unknownFields(body, ['expectedVersion'], errors);
    if (body !== null && body !== undefined && !isObject(body)) errors['body'] = 'malformed';
    const expected = parseExpectedVersion(ifMatch, isObject(body) ? body['expectedVersion'] : undefined);
    if (!expected.ok || Object.keys(errors).length > 0) return invalid({ ...errors, ...(expected.ok ? {} : expected.fields) });
    if (id === undefined || current === undefined) return notFound(rawId);
    if (expected.value !== undefined && expected.value !== current.version) return conflict(current);
    this.repo.deleteContact(id);
    return this.applied(context, 'contact.delete', 200, current.id, { id: current.id, deleted: true, version: current.version + 1 });
  }

  /** `activity.create` → 201 with the activity at version 1; an unknown contact is a 422 field error. */
  createActivity(body: unknown, context: WriteContext): Outcome {
    const input = validateActivityCreate(body, (id) => this.repo.contact(id) !== undefined);
    if (!input.ok) return invalid(input.fields);
    const activity = this.repo.insertActivity(input.value);
    return this.applied(context, 'activity.create', 201, activity.id, activity);
  }
}

function conflict(current: unknown): Outcome {
  return { status: 409, body: errorBody('CONFLICT', 'The contact has changed since the expected version.', { current }) };
}
