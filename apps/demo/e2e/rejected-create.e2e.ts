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

describe('scenario 2: a create the server rejects is rolled back with its dependants', () => {
  it('removes the contact and its activity and tells the user why', async () => {
    const { app, stack, browser } = s;
    const page = app.page;
    await app.open(stack.url);
    await app.goOffline();
    await app.createContact({ name: 'Kept Contact', email: 'kept@example.com' });
    await app.createContact({ name: 'Broken Email', email: 'not-an-email' });
    await app.registerActivity('Lunch', '2026-02-01');
    await app.waitForWaiting('3 changes waiting');
    await app.showContacts();
    await screenshot(page, 'scenario2-offline-before-reject');

    await app.goOnline();
    await app.waitForWaiting('No changes waiting');
    const notices = page.getByTestId('notices');
    await notices.getByText(/Create contact “Broken Email” was undone\. The server refused this change: .*email/).waitFor();
    await notices.getByText(/Register activity “Lunch” on 2026-02-01 was undone because the change it depended on was refused/).waitFor();

    await app.showContacts();
    await page.getByTestId('contact-item').filter({ hasText: 'Kept Contact' }).waitFor();
    expect(await page.getByTestId('contact-item').filter({ hasText: 'Broken Email' }).count()).toBe(0);
    await screenshot(page, 'scenario2-rolled-back-with-reason');

    const state = stack.server.state();
    expect(state.contacts.map((c) => c.name)).toEqual(['Kept Contact']);
    expect(state.activities).toEqual([]);
    expect(stack.server.appliedLog().applied.map((e) => `${e.method} ${e.path}`)).toEqual(['POST /contacts']);
    expect(browser.errors).toEqual([]);
  });
});
