import type { JsonValue, OutboxEntry, Transport, TransportOutcome } from '@mutation-outbox/core';

/** A contact as the fake server stores it. */
export interface ServerContact {
  name: string;
  email: string;
  version: number;
}

/** How the fake network/server answers one request. */
export type DomainMode = 'ok' | 'retry' | 'drop-after-apply' | 'conflict';

type Fields = { [key: string]: JsonValue };
const fields = (value: JsonValue): Fields => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {});

/**
 * A small contacts/activities backend for property tests, with the reference server's semantics:
 * idempotency keys (stored answers are replayed), versions with 409 + current state, 422 for an
 * empty name or an activity of an unknown contact, deletes that take the contact's activities.
 * `conflict` mode simulates someone else editing the contact just before an update arrives.
 */
export class DomainServer implements Transport {
  readonly contacts = new Map<string, ServerContact>();
  readonly activities = new Map<string, string>();
  private readonly stored = new Map<string, TransportOutcome>();
  private modes: DomainMode[] = [];
  private nextId = 1;
  private externalEdits = 0;

  script(modes: readonly DomainMode[]): void {
    this.modes.push(...modes);
  }

  clearScript(): void {
    this.modes = [];
  }

  async send(entry: OutboxEntry): Promise<TransportOutcome> {
    const mode = this.modes.shift() ?? 'ok';
    if (mode === 'retry') return { kind: 'retry', error: { code: 'HTTP_503', message: 'unavailable', httpStatus: 503 } };
    const replay = this.stored.get(entry.idempotencyKey);
    if (replay) return replay;
    if (mode === 'conflict' && entry.type === 'contact.update' && entry.expectedVersion !== null) {
      const current = this.contacts.get(entry.entityId);
      if (current) {
        current.email = `someone-else-${++this.externalEdits}@example.com`;
        current.version++;
      }
    }
    const outcome = this.apply(entry);
    // Conflicts and transient failures are not stored: the client may send the same key again.
    if (outcome.kind === 'ok' || outcome.kind === 'reject') this.stored.set(entry.idempotencyKey, outcome);
    if (mode === 'drop-after-apply') return { kind: 'retry', error: { code: 'NETWORK', message: 'connection reset' } };
    return outcome;
  }

  private apply(entry: OutboxEntry): TransportOutcome {
    const payload = fields(entry.payload);
    const invalid: TransportOutcome = { kind: 'reject', error: { code: 'HTTP_422', message: 'name: required', httpStatus: 422 } };
    switch (entry.type) {
      case 'contact.create': {
        if (payload['name'] === '') return invalid;
        const id = `srv-${this.nextId++}`;
        const contact = { name: String(payload['name']), email: String(payload['email'] ?? ''), version: 1 };
        this.contacts.set(id, contact);
        return ok(id, contact);
      }
      case 'contact.update': {
        const contact = this.contacts.get(entry.entityId);
        if (!contact) return { kind: 'reject', error: { code: 'HTTP_404', message: 'not found', httpStatus: 404 } };
        if (entry.expectedVersion !== null && entry.expectedVersion !== contact.version) {
          return { kind: 'conflict', error: { code: 'HTTP_409', message: 'Conflict', httpStatus: 409 }, serverState: { ...contact }, serverVersion: contact.version };
        }
        if (payload['name'] === '') return invalid;
        if (typeof payload['name'] === 'string') contact.name = payload['name'];
        if (typeof payload['email'] === 'string') contact.email = payload['email'];
        contact.version++;
        return ok(entry.entityId, contact);
      }
      case 'contact.delete': {
        const contact = this.contacts.get(entry.entityId);
        if (!contact) return { kind: 'reject', error: { code: 'HTTP_404', message: 'not found', httpStatus: 404 } };
        this.contacts.delete(entry.entityId);
        for (const [id, contactId] of this.activities) if (contactId === entry.entityId) this.activities.delete(id);
        return { kind: 'ok', serverId: entry.entityId, version: contact.version + 1 };
      }
      case 'activity.create': {
        const contactId = String(payload['contactId']);
        if (!this.contacts.has(contactId)) return { kind: 'reject', error: { code: 'HTTP_422', message: 'contactId: unknown contact', httpStatus: 422 } };
        const id = `srv-${this.nextId++}`;
        this.activities.set(id, contactId);
        return { kind: 'ok', serverId: id, version: 1 };
      }
      default:
        return { kind: 'reject', error: { code: 'HTTP_404', message: `no route for ${entry.type}`, httpStatus: 404 } };
    }
  }
}

function ok(id: string, contact: ServerContact): TransportOutcome {
  return { kind: 'ok', serverId: id, version: contact.version, body: { id, ...contact } };
}
