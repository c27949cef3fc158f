import { describe, expect, it } from 'vitest';
import type { Mutation, TransportOutcome } from '@mutation-outbox/core';
import { createHarness } from './support';

const update = (entityId: string, text: string): Mutation => ({ type: 'note.update', entityId, payload: { text }, rollbackData: { text: 'before' } });
const DAY = 86_400_000;
const unavailable = (retryAfterMs?: number): TransportOutcome => ({
  kind: 'retry',
  error: { code: 'HTTP_503', message: 'Service Unavailable', httpStatus: 503 },
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

/** Counts `flush:finished` events per fake second while `seconds` pass. */
async function flushesPerSecond(h: ReturnType<typeof createHarness>, seconds: number): Promise<number[]> {
  let flushes = 0;
  const off = h.outbox.on('flush:finished', () => flushes++);
  const perSecond: number[] = [];
  for (let second = 0; second < seconds; second++) {
    flushes = 0;
    await h.clock.advance(1_000);
    perSecond.push(flushes);
  }
  off();
  return perSecond;
}

describe('waits are measured on the monotonic clock', () => {
  it('a retry scheduled 10 s ahead happens 10 s later even though the wall clock went back 30 days meanwhile, with no busy loop', async () => {
    const h = createHarness({ backoff: { baseMs: 10_000, capMs: 10_000 } });
    await h.outbox.enqueue(update('a', 'x'));
    h.transport.failTimes(1, unavailable(10_000));
    await h.outbox.start();
    await h.settle();
    expect(h.transport.sent).toHaveLength(1);
    h.clock.jumpWall(-30 * DAY);
    const perSecond = await flushesPerSecond(h, 12);
    expect(h.transport.sent).toHaveLength(2);
    expect(h.outbox.getStatus().pending).toBe(0);
    // One flush when the retry fell due; none spinning on a timer the platform cannot hold.
    expect(perSecond.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2);
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(1);
    expect(h.clock.overflowedTimers).toBe(0);
    await h.outbox.stop();
  });

  it('a retry found in storage after a restart waits no longer than the delay it was scheduled with, whatever the wall clock did', async () => {
    const h = createHarness({ backoff: { baseMs: 60_000, capMs: 60_000 } });
    await h.outbox.enqueue(update('a', 'x'));
    h.transport.failTimes(1, unavailable(60_000));
    await h.outbox.flush();
    h.clock.jumpWall(-3 * DAY);
    const restarted = h.restart();
    await restarted.start();
    await h.clock.advance(59_000);
    expect(h.transport.sent).toHaveLength(1);
    await h.clock.advance(1_500);
    expect(h.transport.sent).toHaveLength(2);
    expect(h.clock.overflowedTimers).toBe(0);
    await restarted.stop();
  });

  it('a wall clock moved forward makes a scheduled retry no later and does not spin', async () => {
    const h = createHarness({ backoff: { baseMs: 10_000, capMs: 10_000 } });
    await h.outbox.enqueue(update('a', 'x'));
    h.transport.failTimes(1, unavailable(10_000));
    await h.outbox.start();
    await h.settle();
    h.clock.jumpWall(40 * DAY);
    const perSecond = await flushesPerSecond(h, 12);
    expect(h.transport.sent).toHaveLength(2);
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(1);
    await h.outbox.stop();
  });

  it('a dead instance’s lease does not stall a restart after the wall clock went back days', async () => {
    const h = createHarness();
    await h.outbox.enqueue(update('a', 'x'));
    h.transport.respond(() => new Promise(() => undefined));
    void h.outbox.flush();
    await h.settle();
    h.transport.respond((entry) => h.transport.ok(entry));
    const restarted = h.restart();
    h.clock.jumpWall(-2 * DAY);
    await restarted.start();
    await h.clock.advance(2_000);
    expect(h.transport.sent).toHaveLength(2);
    expect(restarted.getStatus().pending).toBe(0);
    await restarted.stop();
  });

  it('the lease heartbeat keeps a live holder’s lease across a wall-clock jump back', async () => {
    const h = createHarness({ ordering: 'partition' });
    await h.outbox.enqueue(update('a', 'x'));
    h.transport.respond(() => new Promise(() => undefined));
    void h.outbox.flush();
    await h.settle();
    h.clock.jumpWall(-2 * DAY);
    await h.clock.advance(2_000);
    const second = h.another();
    await second.enqueue(update('b', 'y'));
    expect(await second.flush()).toMatchObject({ stoppedBy: 'locked' });
    expect(h.transport.sent.map((entry) => entry.entityId)).toEqual(['a']);
  });
});

describe('the offline→online edge', () => {
  it('flushes at once, except entries whose server-given Retry-After is still in the future', async () => {
    const h = createHarness({ ordering: 'partition', backoff: { baseMs: 600_000, capMs: 600_000 } });
    const limited = await h.outbox.enqueue(update('a', 'x'));
    const backedOff = await h.outbox.enqueue(update('b', 'y'));
    h.transport.respond((entry) => (entry.id === limited.id ? unavailable(60_000) : unavailable()));
    await h.outbox.start();
    await h.settle();
    expect(h.transport.sent.map((entry) => entry.id)).toEqual([limited.id, backedOff.id]);
    const [stored] = (await h.outbox.getOutboxEntries()).entries;
    expect(stored?.lastError).toMatchObject({ retryAfterMs: 60_000 });
    h.transport.respond((entry) => h.transport.ok(entry));
    h.connectivity.goOffline();
    await h.clock.advance(5_000);
    h.connectivity.goOnline();
    await h.settle();
    // The backoff is skipped on reconnect; the server's "not before" is not.
    expect(h.transport.sent.map((entry) => entry.id)).toEqual([limited.id, backedOff.id, backedOff.id]);
    await h.clock.advance(54_000);
    expect(h.transport.sent).toHaveLength(3);
    await h.clock.advance(1_500);
    expect(h.transport.sent.map((entry) => entry.id)).toEqual([limited.id, backedOff.id, backedOff.id, limited.id]);
    await h.outbox.stop();
  });

  it('honours a Retry-After kept in storage across a restart', async () => {
    const h = createHarness({ backoff: { baseMs: 600_000, capMs: 600_000 } });
    await h.outbox.enqueue(update('a', 'x'));
    h.transport.failTimes(1, unavailable(60_000));
    h.connectivity.goOnline();
    await h.outbox.flush();
    h.connectivity.goOffline();
    const restarted = h.restart();
    await restarted.start();
    await h.clock.advance(10_000);
    h.connectivity.goOnline();
    await h.settle();
    expect(h.transport.sent).toHaveLength(1);
    await h.clock.advance(50_500);
    expect(h.transport.sent).toHaveLength(2);
    await restarted.stop();
  });
});
