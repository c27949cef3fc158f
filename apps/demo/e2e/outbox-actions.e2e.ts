import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screenshot } from './support/browser';
import { startScenario } from './support/scenario';
import type { Scenario } from './support/scenario';

let s: Scenario;

beforeEach(async () => {
  s = await startScenario();
});

afterEach(async () => {
  await s?.dispose();
});

describe('outbox screen actions', () => {
  it('Retry now sends a waiting change at once instead of at its scheduled time', async () => {
    const { app, stack, browser } = s;
    const page = app.page;
    await app.open(stack.url);
    stack.server.setFaults({ failureRate: 1, failureStatus: 503, retryAfterSeconds: 600 });
    await app.createContact({ name: 'Katherine Johnson' });
    await app.showOutbox();
    const entry = page.getByTestId('outbox-entry').first();
    await entry.getByTestId('entry-attempts').filter({ hasText: /^1$/ }).waitFor({ timeout: 15_000 });
    await entry.getByTestId('entry-next-retry').filter({ hasText: /min$/ }).waitFor();

    stack.server.setFaults({ failureRate: 0 });
    await entry.getByRole('button', { name: 'Retry now' }).click();
    await app.waitForWaiting('No changes waiting', 10_000);
    expect(stack.server.state().contacts.map((c) => c.name)).toEqual(['Katherine Johnson']);
    expect(browser.errors).toEqual([]);
  });

  it('Discard undoes a waiting change and the changes that depend on it', async () => {
    const { app, stack, browser } = s;
    const page = app.page;
    await app.open(stack.url);
    await app.goOffline();
    await app.createContact({ name: 'Typo Contact' });
    await app.registerActivity('Visit', '2026-03-01');
    await app.waitForWaiting('2 changes waiting');

    await app.showOutbox();
    await page.getByTestId('outbox-entry').filter({ hasText: 'Create contact “Typo Contact”' }).getByRole('button', { name: 'Discard' }).click();
    await app.waitForWaiting('No changes waiting');
    await page.getByTestId('notices').getByText(/Create contact “Typo Contact” was discarded and undone/).waitFor();
    await page.getByTestId('notices').getByText(/Register activity “Visit” on 2026-03-01 was undone because/).waitFor();
    await screenshot(page, 'outbox-discarded');

    await app.showContacts();
    expect(await page.getByTestId('contact-item').count()).toBe(0);
    await app.goOnline();
    expect(stack.server.state()).toEqual({ contacts: [], activities: [] });
    expect(browser.errors).toEqual([]);
  });
});
