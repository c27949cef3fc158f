import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { JsonValue } from '@mutation-outbox/core';
import { createHarness } from './support';

const utf8 = new TextEncoder();

describe('entry size', () => {
  it('is the UTF-8 byte length of the serialized payload and rollback data, for any text (surrogate pairs, lone surrogates, every plane)', async () => {
    const h = createHarness();
    const text = fc.string({ unit: fc.oneof(fc.constantFrom('a', 'é', '€', '😀', '\ud800', '\udc00'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code))) });
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ stringUnit: 'binary' }), fc.option(text, { nil: null }), async (payload, note) => {
        const entry = await h.outbox.enqueue({ type: 'note.update', entityId: 'n1', payload: payload as JsonValue, rollbackData: note === null ? null : { note } });
        const rollbackBytes = note === null ? 4 : utf8.encode(JSON.stringify({ note })).length;
        expect(entry.sizeBytes).toBe(utf8.encode(JSON.stringify(payload)).length + rollbackBytes);
      }),
      { numRuns: 300, seed: 1126 },
    );
  });

  it('is exact for payloads too large for the reused measuring buffer (over a million characters, multi-byte)', async () => {
    const h = createHarness({ limits: { maxEntryBytes: 16 * 1024 * 1024 } });
    for (const text of ['é😀'.repeat(400_000), 'a'.repeat(1_100_000) + '€']) {
      const entry = await h.outbox.enqueue({ type: 'note.update', entityId: 'n1', payload: { text }, rollbackData: null });
      expect(entry.sizeBytes).toBe(utf8.encode(JSON.stringify({ text })).length + 4);
    }
  });
});
