import type { SqlRecord } from '../db/sql-executor';

/** The editable fields of a contact. */
export interface ContactFields {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly notes: string | null;
}

/** A contact as stored locally: a temporary id until the server gave it one; `version` null until then. */
export interface Contact extends ContactFields {
  readonly id: string;
  readonly version: number | null;
  readonly updatedAt: number;
}

/** An activity registered for a contact. */
export interface Activity {
  readonly id: string;
  readonly contactId: string;
  readonly activity: string;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly version: number | null;
}

/** The contact fields, in form order. */
export const CONTACT_FIELDS = ['name', 'email', 'phone', 'notes'] as const;

/** Reads a `contacts` row. */
export function contactFromRow(row: SqlRecord): Contact {
  return {
    id: String(row['id']),
    name: String(row['name'] ?? ''),
    email: optionalText(row['email']),
    phone: optionalText(row['phone']),
    notes: optionalText(row['notes']),
    version: row['version'] === null || row['version'] === undefined ? null : Number(row['version']),
    updatedAt: Number(row['updated_at'] ?? 0),
  };
}

/** Reads an `activities` row. */
export function activityFromRow(row: SqlRecord): Activity {
  return {
    id: String(row['id']),
    contactId: String(row['contact_id']),
    activity: String(row['activity'] ?? ''),
    date: String(row['date'] ?? ''),
    version: row['version'] === null || row['version'] === undefined ? null : Number(row['version']),
  };
}

/**
 * Normalises form input: trims, turns blanks into null. Returns the field errors the user must fix
 * first (only what the app can know; the server checks the rest, e.g. the email format).
 */
export function normaliseContactInput(input: Record<(typeof CONTACT_FIELDS)[number], string>): { fields: ContactFields; errors: Partial<Record<keyof ContactFields, string>> } {
  const fields: ContactFields = {
    name: input.name.trim(),
    email: blankToNull(input.email),
    phone: blankToNull(input.phone),
    notes: blankToNull(input.notes),
  };
  const errors: Partial<Record<keyof ContactFields, string>> = {};
  if (fields.name === '') errors.name = 'Enter a name.';
  return { fields, errors };
}

/** Whether `date` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(date: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function optionalText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
