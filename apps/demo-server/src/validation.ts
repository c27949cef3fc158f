import type { ContactFields } from './repository';

/** Field name → short reason (`required`, `malformed`, `too long`, `unknown field`, `unknown contact`). */
export type FieldErrors = Record<string, string>;

/** The result of validating input: the cleaned value, or field-level errors. */
export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly fields: FieldErrors };

/** A validated activity, with the contact id already resolved to its numeric row id. */
export interface ActivityFields {
  readonly contactId: number;
  readonly activity: string;
  readonly date: string;
}

const CONTACT_FIELDS = ['name', 'email', 'phone', 'notes'] as const;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Records a field error; safe for any key a JSON body may hold, `__proto__` included. */
export function setFieldError(errors: FieldErrors, field: string, reason: string): void {
  Object.defineProperty(errors, field, { value: reason, enumerable: true, writable: true, configurable: true });
}

/** Marks every key of `body` not in `allowed` as `unknown field`. */
export function unknownFields(body: Record<string, unknown>, allowed: readonly string[], errors: FieldErrors): void {
  for (const key of Object.keys(body)) if (!allowed.includes(key)) setFieldError(errors, key, 'unknown field');
}

function requiredText(value: unknown, max: number, errors: FieldErrors, field: string): string | undefined {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) errors[field] = 'required';
  else if (typeof value !== 'string') errors[field] = 'malformed';
  else if (value.length > max) errors[field] = 'too long';
  else return value;
  return undefined;
}

function optionalText(value: unknown, field: 'email' | 'phone' | 'notes', errors: FieldErrors): string | null {
  // Empty form fields arrive as "": the server stores them as "no value".
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return null;
  if (typeof value !== 'string') errors[field] = 'malformed';
  else if (value.length > { email: 254, phone: 40, notes: 10_000 }[field]) errors[field] = 'too long';
  else if (field === 'email' && !EMAIL.test(value)) errors[field] = 'malformed';
  else if (field === 'phone' && (!/\d/.test(value) || CONTROL.test(value))) errors[field] = 'malformed';
  return typeof value === 'string' ? value : null;
}

function contactField(body: Record<string, unknown>, field: (typeof CONTACT_FIELDS)[number], errors: FieldErrors): string | null | undefined {
  return field === 'name' ? requiredText(body[field], 200, errors, 'name') : optionalText(body[field], field, errors);
}

function done<T>(value: T, errors: FieldErrors): Validated<T> {
  return Object.keys(errors).length === 0 ? { ok: true, value } : { ok: false, fields: errors };
}

/** Validates a `contact.create` body: `{ name, email?, phone?, notes? }`, nothing else. */
export function validateContactCreate(body: unknown): Validated<ContactFields> {
  if (!isObject(body)) return { ok: false, fields: { body: 'malformed' } };
  const errors: FieldErrors = {};
  unknownFields(body, CONTACT_FIELDS, errors);
  const value: ContactFields = {
    name: contactField(body, 'name', errors) ?? '',
    email: contactField(body, 'email', errors) ?? null,
    phone: contactField(body, 'phone', errors) ?? null,
    notes: contactField(body, 'notes', errors) ?? null,
  };
  return done(value, errors);
}

/** Validates a partial contact (`contact.update`, admin touch); `extra` names further allowed keys. */
export function validateContactPatch(body: unknown, extra: readonly string[] = []): Validated<Partial<ContactFields>> {
  if (!isObject(body)) return { ok: false, fields: { body: 'malformed' } };
  const errors: FieldErrors = {};
  unknownFields(body, [...CONTACT_FIELDS, ...extra], errors);
  const patch: Record<string, string | null> = {};
  for (const field of CONTACT_FIELDS) {
    if (!(field in body)) continue;
    const value = contactField(body, field, errors);
    if (value !== undefined) patch[field] = value;
  }
  return done(patch as Partial<ContactFields>, errors);
}

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Validates an `activity.create` body; `contactExists` tells whether a contact row id exists. */
export function validateActivityCreate(body: unknown, contactExists: (id: number) => boolean): Validated<ActivityFields> {
  if (!isObject(body)) return { ok: false, fields: { body: 'malformed' } };
  const errors: FieldErrors = {};
  unknownFields(body, ['contactId', 'activity', 'date'], errors);
  const rawContact = body['contactId'];
  let contactId = 0;
  if (rawContact === undefined || rawContact === null || rawContact === '') errors['contactId'] = 'required';
  else if (typeof rawContact !== 'string' && typeof rawContact !== 'number') errors['contactId'] = 'malformed';
  else if (!/^\d{1,15}$/.test(String(rawContact)) || !contactExists(Number(rawContact))) errors['contactId'] = 'unknown contact';
  else contactId = Number(rawContact);
  const activity = requiredText(body['activity'], 500, errors, 'activity') ?? '';
  const date = body['date'];
  if (date === undefined || date === null || date === '') errors['date'] = 'required';
  else if (typeof date !== 'string' || !isCalendarDate(date)) errors['date'] = 'malformed';
  return done({ contactId, activity, date: typeof date === 'string' ? date : '' }, errors);
}

/**
 * Reads the expected version from an `If-Match` header (`"3"`, `3`, `W/"3"`; `*` means any) and/or
 * a body `expectedVersion`. Undefined when none is given; errors name the field `expectedVersion`.
 */
export function parseExpectedVersion(ifMatch: string | undefined, bodyValue: unknown): Validated<number | undefined> {
  let fromHeader: number | undefined;
  if (ifMatch !== undefined && ifMatch.trim() !== '*' && ifMatch.trim() !== '') {
    const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(ifMatch.trim());
    if (!match) return { ok: false, fields: { expectedVersion: 'malformed' } };
    fromHeader = Number(match[1]);
  }
  if (bodyValue === undefined || bodyValue === null) return { ok: true, value: fromHeader };
  if (typeof bodyValue !== 'number' || !Number.isSafeInteger(bodyValue) || bodyValue < 0) return { ok: false, fields: { expectedVersion: 'malformed' } };
  if (fromHeader !== undefined && fromHeader !== bodyValue) return { ok: false, fields: { expectedVersion: 'does not match If-Match' } };
  return { ok: true, value: bodyValue };
}
