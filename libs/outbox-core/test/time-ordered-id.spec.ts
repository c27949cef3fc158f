import { describe, expect, it } from 'vitest';
import { createHarness } from './support';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const note = (entityId: string) => ({ type: 'note.update', entityId, payload: { text: entityId }, rollbackData: null });

describe('entry ids', () => {
  it('are version 7 UUIDs led by the enqueue time, so later entries sort after earlier ones (an id index grows at its edge)', async () => {
    const h = createHarness();
    const ids: string[] = [];
    for (const step of [0, 1, 1_000, 86_400_000]) {
      await h.clock.advance(step);
      ids.push((await h.outbox.enqueue(note(`n${step}`))).id);
    }
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect([...ids].sort()).toEqual(ids);
    expect(Number.parseInt(ids[0]!.replace('-', '').slice(0, 12), 16)).toBe(h.clock.now() - 86_400_000 - 1_000 - 1);
  });

  it('stay distinct within one millisecond, and idempotency keys stay fully random', async () => {
    const h = createHarness();
    const entries = await Promise.all(Array.from({ length: 200 }, (_, i) => h.outbox.enqueue(note(`n${i}`))));
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(200);
    for (const entry of entries) expect(entry.idempotencyKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
