import type { OutboxEntry } from '@mutation-outbox/core';
import type { HttpRoutes } from './http-route';

function contactPath(entry: OutboxEntry): string {
  return `contacts/${encodeURIComponent(entry.entityId)}`;
}

/**
 * The routes of the reference server (`apps/demo-server`, docs/demo-protocol.md):
 * `contact.create` → `POST contacts`, `contact.update` → `PATCH contacts/:id`,
 * `contact.delete` → `DELETE contacts/:id`, `activity.create` → `POST activities`.
 * Expected versions travel as `If-Match`, added by the transport.
 */
export const demoHttpRoutes: HttpRoutes = {
  'contact.create': { method: 'POST', path: () => 'contacts' },
  'contact.update': { method: 'PATCH', path: contactPath },
  'contact.delete': { method: 'DELETE', path: contactPath, body: () => undefined },
  'activity.create': { method: 'POST', path: () => 'activities' },
};
