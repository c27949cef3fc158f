import type { JsonValue, OutboxEntry } from '@mutation-outbox/core';

/** A short human description of what an outbox entry changes, e.g. `Create contact “Ann”`. */
export function describeEntry(entry: Pick<OutboxEntry, 'type' | 'payload' | 'rollbackData'>): string {
  const payload = asObject(entry.payload);
  switch (entry.type) {
    case 'contact.create':
      return `Create contact ${quote(payload['name'])}`;
    case 'contact.update': {
      const fields = Object.keys(payload);
      return `Edit contact (${fields.length > 0 ? fields.join(', ') : 'no fields'})`;
    }
    case 'contact.delete': {
      const contact = asObject(asObject(entry.rollbackData)['contact'] ?? null);
      return `Delete contact ${quote(contact['name'])}`;
    }
    case 'activity.create':
      return `Register activity ${quote(payload['activity'])}${typeof payload['date'] === 'string' ? ` on ${payload['date']}` : ''}`;
    default:
      return entry.type;
  }
}

/** Plain-words status of an entry. */
export function describeStatus(status: OutboxEntry['status']): string {
  switch (status) {
    case 'pending':
      return 'Waiting to send';
    case 'in_flight':
      return 'Sending';
    case 'failed':
      return 'Needs your decision';
    case 'succeeded':
      return 'Saved on the server';
    case 'rolled_back':
      return 'Undone';
  }
}

function quote(value: JsonValue | undefined): string {
  return typeof value === 'string' && value !== '' ? `“${value}”` : '(unnamed)';
}

function asObject(value: JsonValue | null): { [key: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}
