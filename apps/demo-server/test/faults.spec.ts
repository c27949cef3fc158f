import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../src/index';
import { createContact, startTestServer } from './harness';

describe('fault injection', () => {
  for (const [status, code] of [
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
    [429, 'RATE_LIMITED'],
  ] as const) {
    it(`fails writes with ${status} and Retry-After, storing nothing for the key`, async () => {
      const t = await startTestServer({ faults: { failureRate: 1, failureStatus: status, retryAfterSeconds: 2 } });
      const request = { body: { name: 'Ada' }, headers: { 'Idempotency-Key': 'k' } };
      const failed = await t.call('POST', '/contacts', request);
      expect(failed.status).toBe(status);
      expect(failed.headers.get('retry-after')).toBe('2');
      expect(failed.body.error.code).toBe(code);
      expect((await t.call('GET', '/contacts')).status).toBe(200);
      expect(t.server.state().contacts).toEqual([]);
      t.server.setFaults({ failureRate: 0 });
      const retried = await t.call('POST', '/contacts', request);
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBeNull();
      expect(t.server.appliedLog()).toMatchObject({ applied: [{ idempotencyKey: 'k' }], keyArrivals: { k: 2 } });
    });
  }

  it('fails a whole batch, and GraphQL mutations but not queries', async () => {
    const t = await startTestServer({ faults: { failureRate: 1, failureStatus: 503 } });
    const batch = await t.call('POST', '/batch', { body: { items: [{ method: 'POST', path: 'contacts', body: { name: 'A' } }] } });
    expect(batch.status).toBe(503);
    expect(batch.headers.get('retry-after')).toBeNull();
    const mutation = await t.graphql('mutation { createContact(input: { name: "A" }) { id } }');
    expect(mutation.status).toBe(503);
    expect(mutation.body.errors[0].extensions.code).toBe('UNAVAILABLE');
    expect((await t.graphql('{ contacts { id } }')).body).toEqual({ data: { contacts: [] } });
    expect((await t.call('GET', '/admin/state')).status).toBe(200);
  });

  it('waits latencyMs before handling a write, and not for reads', async () => {
    const waits: number[] = [];
    let release = () => {};
    let sleeping = () => {};
    const asleep = new Promise<void>((resolve) => (sleeping = resolve));
    const t = await startTestServer({
      faults: { latencyMs: 40 },
      sleep: (ms) => {
        waits.push(ms);
        sleeping();
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    const pending = t.call('POST', '/contacts', { body: { name: 'Ada' } });
    await asleep;
    expect(t.server.state().contacts).toEqual([]);
    release();
    expect((await pending).status).toBe(201);
    await t.call('GET', '/contacts');
    expect(waits).toEqual([40]);
  });

  it('drops the connection before applying: the repeat applies the write once', async () => {
    const t = await startTestServer({ faults: { dropRate: 1, dropPhase: 'before' } });
    const request = { body: { name: 'Ada' }, headers: { 'Idempotency-Key': 'd1' } };
    await expect(t.call('POST', '/contacts', request)).rejects.toThrow();
    expect(t.server.state().contacts).toEqual([]);
    t.server.setFaults({ dropRate: 0 });
    const retried = await t.call('POST', '/contacts', request);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(t.server.appliedLog()).toMatchObject({ applied: [{ idempotencyKey: 'd1' }], keyArrivals: { d1: 2 } });
  });

  it('drops the connection after applying: the repeat replays and applies nothing', async () => {
    const t = await startTestServer({ faults: { dropRate: 1, dropPhase: 'after' } });
    const request = { body: { name: 'Ada' }, headers: { 'Idempotency-Key': 'd2' } };
    await expect(t.call('POST', '/contacts', request)).rejects.toThrow();
    expect(t.server.state().contacts).toHaveLength(1);
    t.server.setFaults({ dropRate: 0 });
    const retried = await t.call('POST', '/contacts', request);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(t.server.appliedLog()).toMatchObject({ applied: [{ idempotencyKey: 'd2' }], keyArrivals: { d2: 2 } });
  });

  it('answers 401 UNAUTHENTICATED to writes when authFail is on', async () => {
    const t = await startTestServer();
    const ada = await createContact(t);
    t.server.setFaults({ authFail: true });
    const answer = await t.call('PATCH', `/contacts/${ada.id}`, { body: { name: 'x' }, headers: { 'Idempotency-Key': 'a' } });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    expect((await t.call('GET', `/contacts/${ada.id}`)).body.name).toBe('Ada');
  });

  it('configures faults over POST /admin/faults, validating them', async () => {
    const t = await startTestServer({ faults: { seed: 7 } });
    const answer = await t.call('POST', '/admin/faults', { body: { failureRate: 0.5, retryAfterSeconds: 3 } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      failureRate: 0.5,
      failureStatus: 503,
      retryAfterSeconds: 3,
      latencyMs: 0,
      dropRate: 0,
      dropPhase: 'both',
      authFail: false,
      seed: 7,
    });
    expect((await t.call('GET', '/admin/faults')).body).toEqual(answer.body);
    const invalid = await t.call('POST', '/admin/faults', { body: { failureRate: 2, failureStatus: 418, bogus: true } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.fields).toEqual({ failureRate: 'malformed', failureStatus: 'malformed', bogus: 'unknown field' });
  });
});

describe('FaultInjector', () => {
  it('draws the same decisions from the same seed, dropping both before and after applying', () => {
    const config = { dropRate: 1, seed: 42 };
    const a = new FaultInjector(config);
    const b = new FaultInjector(config);
    const drops = Array.from({ length: 20 }, () => a.decide().drop);
    expect(Array.from({ length: 20 }, () => b.decide().drop)).toEqual(drops);
    expect(new Set(drops)).toEqual(new Set(['before', 'after']));
    a.update({ seed: 42 });
    expect(a.decide().drop).toBe(drops[0]);
  });

  it('fails roughly failureRate of the time', () => {
    const injector = new FaultInjector({ failureRate: 0.3, seed: 1 });
    const failures = Array.from({ length: 1000 }, () => injector.decide().fail).filter(Boolean).length;
    expect(failures).toBeGreaterThan(240);
    expect(failures).toBeLessThan(360);
  });
});
