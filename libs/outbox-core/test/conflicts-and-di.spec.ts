import { describe, expect, it } from 'vitest';
import { Container } from 'inversify';
import { clientWins, fieldMerge, MutationOutbox, outboxCoreModule, TOKENS } from '@mutation-outbox/core';
import type { ConflictOutcome, Mutation, RollbackContext, TransportOutcome } from '@mutation-outbox/core';
import { ManualConnectivity, MemoryStorage } from '@mutation-outbox/testing';
import { createHarness, ScriptedTransport } from './support';

const edit: Mutation = { type: 'note.update', entityId: 'n1', payload: { text: 'mine', color: 'red' }, rollbackData: { text: 'base', color: 'blue' }, expectedVersion: 3 };
const conflict = (serverState: Record<string, string>, serverVersion = 7): ConflictOutcome => ({
  kind: 'conflict',
  error: { code: 'HTTP_409', message: 'Conflict', httpStatus: 409 },
  serverState,
  serverVersion,
});

describe('conflict resolution', () => {
  it('client-wins sends the same change again against the server version', async () => {
    const h = createHarness({ conflictResolver: clientWins });
    await h.outbox.enqueue(edit);
    h.transport.failTimes(1, conflict({ text: 'theirs', color: 'blue' }));
    expect((await h.outbox.flush()).succeeded).toBe(1);
    expect(h.transport.sent.map((e) => [e.expectedVersion, e.payload])).toEqual([
      [3, { text: 'mine', color: 'red' }],
      [7, { text: 'mine', color: 'red' }],
    ]);
  });

  it('field-merge resends only the fields this change made, on top of the server version', async () => {
    const h = createHarness({ mutations: [{ type: 'note.update', conflictResolver: fieldMerge }] });
    await h.outbox.enqueue({ ...edit, payload: { text: 'mine', color: 'blue' } });
    h.transport.failTimes(1, conflict({ text: 'base', color: 'green' }));
    await h.outbox.flush();
    expect(h.transport.sent[1]).toMatchObject({ expectedVersion: 7, payload: { text: 'mine' } });
  });

  it('field-merge holds a real same-field conflict as failed for the user', async () => {
    const h = createHarness({ conflictResolver: fieldMerge });
    await h.outbox.enqueue(edit);
    h.transport.respond(() => conflict({ text: 'theirs', color: 'blue' }));
    expect((await h.outbox.flush()).failed).toBe(1);
    const [held] = (await h.outbox.getOutboxEntries()).entries;
    expect(held).toMatchObject({ status: 'failed', lastError: { code: 'HTTP_409' } });
    expect(held?.lastError?.message).toContain('text');
  });

  it('a change sent again after a conflict and then rejected is undone with the server state from that conflict, also after a restart', async () => {
    const seen: RollbackContext[] = [];
    const h = createHarness({ conflictResolver: clientWins, mutations: [{ type: 'note.update', kind: 'update', rollback: (context) => void seen.push(context) }] });
    await h.outbox.enqueue(edit);
    const rejected: TransportOutcome = { kind: 'reject', error: { code: 'HTTP_422', message: 'text: too long', httpStatus: 422 } };
    const answers: TransportOutcome[] = [conflict({ text: 'theirs', color: 'green' }), { kind: 'retry', error: { code: 'HTTP_503', message: 'busy', httpStatus: 503 } }];
    h.transport.respond(() => answers.shift() ?? rejected);
    await h.outbox.flush();
    const [kept] = (await h.outbox.getOutboxEntries()).entries;
    expect(kept).toMatchObject({ status: 'pending', expectedVersion: 7, serverState: { text: 'theirs', color: 'green' } });
    const utf8 = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;
    expect(kept?.sizeBytes).toBe(utf8(edit.payload) + utf8(edit.rollbackData) + utf8({ text: 'theirs', color: 'green' }));
    h.restart();
    await h.clock.advance(60_000);
    await h.outbox.flush();
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ reason: 'rejected', error: { code: 'HTTP_422' }, serverState: { text: 'theirs', color: 'green' } });
  });

  it('a rollback without a conflict behind it gets no server state', async () => {
    const seen: RollbackContext[] = [];
    const h = createHarness({ mutations: [{ type: 'note.update', kind: 'update', rollback: (context) => void seen.push(context) }] });
    await h.outbox.enqueue(edit);
    h.transport.respond(() => ({ kind: 'reject', error: { code: 'HTTP_422', message: 'no', httpStatus: 422 } }));
    await h.outbox.flush();
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toHaveProperty('serverState');
  });

  it('caps resolver retries so a conflict never loops', async () => {
    const h = createHarness({ conflictResolver: clientWins, maxConflictRetries: 2 });
    await h.outbox.enqueue(edit);
    h.transport.respond(() => conflict({ text: 'x' }));
    expect((await h.outbox.flush()).failed).toBe(1);
    expect(h.transport.sent).toHaveLength(3);
  });

  it('holds the entry when the resolver throws', async () => {
    const h = createHarness({ conflictResolver: { resolve: () => { throw new Error('resolver bug'); } } });
    await h.outbox.enqueue(edit);
    h.transport.respond(() => conflict({ text: 'x' }));
    await h.outbox.flush();
    expect((await h.outbox.getOutboxEntries()).entries[0]?.lastError?.message).toContain('resolver bug');
  });
});

describe('dependency injection', () => {
  it('resolves a working outbox from one container.load of the core and port modules', async () => {
    const container = new Container();
    const transport = new ScriptedTransport();
    container.load(outboxCoreModule({ mutations: [{ type: 'note.update' }] }));
    container.bind(TOKENS.Storage).toConstantValue(new MemoryStorage());
    container.bind(TOKENS.Transport).toConstantValue(transport);
    container.bind(TOKENS.Connectivity).toConstantValue(new ManualConnectivity(true));
    const outbox = container.get<MutationOutbox>(TOKENS.MutationOutbox);
    expect(outbox).toBeInstanceOf(MutationOutbox);
    expect(container.get(TOKENS.MutationOutbox)).toBe(outbox);
    await outbox.enqueue({ type: 'note.update', entityId: 'n1', payload: {} });
    expect((await outbox.flush()).succeeded).toBe(1);
    expect(transport.sent).toHaveLength(1);
  });
});
