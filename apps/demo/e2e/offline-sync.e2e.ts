import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { startScenario } from './support/scenario';
import type { Scenario } from './support/scenario';

let s: Scenario;

beforeAll(async () => {
  s = await startScenario();
});

afterAll(async () => {
  await s?.dispose();
});

describe('scenario 1: offline edits survive a reload and sync exactly once, in order', () => {
  it('queues 4 changes offline, keeps them across a reload, then syncs them with server ids', async () => {
    const { app, stack, browser } = s;
    const page = app.page;
    await app.open(stack.url);
    await app.goOffline();

    await app.createContact({ name: 'Ada Lovelace', email: 'ada@example.com' });
    await app.createContact({ name: 'Grace Hopper', email: 'grace@example.com' });
    await app.editContact('Grace Hopper', { phone: '555-0100' });
    await app.openContact('Ada Lovelace');
    await app.registerActivity('Call about the engine', '2026-01-15');
    await app.waitForWaiting('4 changes waiting');
    await app.showOutbox();
    expect(await page.getByTestId('outbox-entry').count()).toBe(4);
    await screenshot(page, 'scenario1-offline-4-waiting');

    await app.reload();
    await app.waitForWaiting('4 changes waiting');
    await app.showOutbox();
    expect(await page.getByTestId('outbox-entry').allInnerTexts()).toEqual([
      expect.stringContaining('Create contact “Ada Lovelace”'),
      expect.stringContaining('Create contact “Grace Hopper”'),
      expect.stringContaining('Edit contact (phone)'),
      expect.stringContaining('Register activity “Call about the engine”'),
    ]);
    await screenshot(page, 'scenario1-after-reload-still-4');
    expect(stack.server.appliedLog().applied).toEqual([]);

    // Slow writes down so that the progress bar is visible while the flush runs.
    stack.server.setFaults({ latencyMs: 400 });
    await app.goOnline();
    await page.getByTestId('sync-progress').waitFor({ timeout: 15_000 });
    await screenshot(page, 'scenario1-syncing-progress');
    await app.waitForWaiting('No changes waiting');
    await page.getByTestId('outbox-empty').waitFor();

    const state = stack.server.state();
    const ada = state.contacts.find((c) => c.name === 'Ada Lovelace');
    const grace = state.contacts.find((c) => c.name === 'Grace Hopper');
    expect(ada).toBeDefined();
    expect(grace).toMatchObject({ phone: '555-0100', version: 2 });
    expect(state.activities).toEqual([expect.objectContaining({ contactId: ada?.id, activity: 'Call about the engine', date: '2026-01-15' })]);

    const log = stack.server.appliedLog();
    expect(log.applied.map((e) => `${e.method} ${e.path}`)).toEqual([
      'POST /contacts',
      'POST /contacts',
      `PATCH /contacts/${grace?.id}`,
      'POST /activities',
    ]);
    const keys = log.applied.map((e) => e.idempotencyKey);
    expect(new Set(keys).size).toBe(4);
    for (const key of keys) expect(log.keyArrivals[key ?? '']).toBe(1);

    // Server ids replaced the temporary ids on this device.
    await app.openContact('Ada Lovelace');
    await page.getByTestId('contact-id').filter({ hasText: new RegExp(`^${ada?.id}$`) }).waitFor();
    expect(await page.getByTestId('contact-version').innerText()).toBe('1');
    await screenshot(page, 'scenario1-synced-server-id');
    expect(browser.errors).toEqual([]);
  });
});
