import type { EntryError } from '@mutation-outbox/core';

/**
 * An entry's last error in plain words for the user: what happened and, where it helps, what the
 * app will do about it. Field details from a validation error are included as written by the server.
 */
export function describeError(error: EntryError | null): string {
  if (!error) return '';
  const status = error.httpStatus;
  const detail = serverWords(error.message);
  if (error.code === 'VALIDATION_FAILED' || status === 422) return `The server refused this change: ${detail || 'some fields are not valid'}.`;
  if (error.code === 'CONFLICT' || status === 409 || status === 412) return `Someone else changed this contact on the server in the meantime. ${detail}`.trim();
  if (error.code === 'NOT_FOUND' || status === 404) return 'The server no longer has this item (it was probably deleted elsewhere).';
  if (status === 401 || status === 403) return 'The server needs you to sign in again; sending is paused.';
  if (status === 429) return 'The server asked us to slow down; the app will try again automatically.';
  if (status !== undefined && status >= 500) return `The server had a temporary problem (HTTP ${status}); the app will try again automatically.`;
  if (error.code === 'NETWORK' || error.code === 'TIMEOUT' || status === undefined) {
    return `The server could not be reached${detail ? ` (${detail})` : ''}; the app will try again automatically.`;
  }
  return detail || `The server answered HTTP ${status}.`;
}

/**
 * The server's own sentence from a transport message (`<message>; <field>: <problem> (HTTP 422)`):
 * without the status suffix, the repeated field list and the final full stop.
 */
function serverWords(message: string): string {
  const withoutStatus = message.replace(/\s*\(HTTP \d{3}\)\s*$/, '').trim();
  const [first] = withoutStatus.split('; ');
  return (first ?? '').trim().replace(/\.+$/, '');
}
