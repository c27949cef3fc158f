import { describe, expect, it } from 'vitest';
import { describeEntry, describeStatus } from './describe-entry';
import { describeError } from './describe-error';
import { formatRelativeTime, formatWaiting } from './format-time';

describe('describeEntry', () => {
  it('names each demo mutation in plain words', () => {
    expect(describeEntry({ type: 'contact.create', payload: { name: 'Ann' }, rollbackData: null })).toBe('Create contact “Ann”');
    expect(describeEntry({ type: 'contact.update', payload: { email: 'a@b.c', phone: '1' }, rollbackData: null })).toBe('Edit contact (email, phone)');
    expect(describeEntry({ type: 'contact.delete', payload: null, rollbackData: { contact: { name: 'Bo' }, activities: [] } })).toBe('Delete contact “Bo”');
    expect(describeEntry({ type: 'activity.create', payload: { contactId: 'c', activity: 'Call', date: '2026-01-02' }, rollbackData: null })).toBe(
      'Register activity “Call” on 2026-01-02',
    );
    expect(describeEntry({ type: 'other.thing', payload: null, rollbackData: null })).toBe('other.thing');
  });

  it('describes every status', () => {
    expect(describeStatus('pending')).toBe('Waiting to send');
    expect(describeStatus('failed')).toBe('Needs your decision');
  });
});

describe('describeError', () => {
  it('explains validation, conflict, outage and network errors without jargon', () => {
    expect(describeError({ code: 'VALIDATION_FAILED', message: 'email: malformed', httpStatus: 422 })).toBe('The server refused this change: email: malformed.');
    expect(describeError({ code: 'VALIDATION_FAILED', message: 'Invalid fields: email (malformed).; email: malformed (HTTP 422)', httpStatus: 422 })).toBe(
      'The server refused this change: Invalid fields: email (malformed).',
    );
    expect(describeError({ code: 'CONFLICT', message: '', httpStatus: 409 })).toMatch(/Someone else changed/);
    expect(describeError({ code: 'HTTP_503', message: 'Service Unavailable', httpStatus: 503 })).toMatch(/temporary problem \(HTTP 503\).*try again automatically/);
    expect(describeError({ code: 'NETWORK', message: 'fetch failed' })).toBe('The server could not be reached (fetch failed); the app will try again automatically.');
    expect(describeError({ code: 'AUTH', message: '', httpStatus: 401 })).toMatch(/sign in/);
    expect(describeError(null)).toBe('');
  });
});

describe('formatRelativeTime', () => {
  it('counts seconds, then minutes, never below now', () => {
    expect(formatRelativeTime(1_000, 2_000)).toBe('now');
    expect(formatRelativeTime(12_000, 0)).toBe('in 12 s');
    expect(formatRelativeTime(12_001, 0)).toBe('in 13 s');
    expect(formatRelativeTime(180_000, 0)).toBe('in 3 min');
    expect(formatRelativeTime(2 * 3600_000, 0)).toMatch(/^at /);
  });

  it('words the waiting count', () => {
    expect(formatWaiting(0)).toBe('No changes waiting');
    expect(formatWaiting(1)).toBe('1 change waiting');
    expect(formatWaiting(4)).toBe('4 changes waiting');
  });
});
