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

/** Creates a contact online and waits until the server has it; returns its server id. */
async function syncedContact(name: string): Promise<string> {
  await s.app.createContact({ name, email: 'linus@example.com', notes: 'first notes' });
  await s.app.waitForWaiting('No changes waiting');
  const contact = s.stack.server.state().contacts.find((c) => c.name === name);
  if (!contact) throw new Error(`${name} did not reach the server`);
  await s.app.page.getByTestId('contact-version').filter({ hasText: /^1$/ }).waitFor();
  return contact.id;
}

describe('scenario 4: conflicts go through the configured strategy', () => {
  it('merge (default): a change to another field is combined with the server’s version', async () => {
    const { app, stack, browser } = s;
    await app.open(stack.url);
    const id = await syncedContact('Linus Torvalds');

    await app.goOffline();
    await app.editContact('Linus Torvalds', { phone: '555-0199' });
    stack.server.touch(id, { notes: 'changed by a colleague' });
    await app.goOnline();
    await app.waitForWaiting('No changes waiting');
    await app.page.getByTestId('notices').getByText(/combined with their version and sent again/).waitFor();

    expect(stack.server.state().contacts[0]).toMatchObject({ phone: '555-0199', notes: 'changed by a colleague', version: 3 });
    await app.openContact('Linus Torvalds');
    await app.page.getByTestId('contact-fields').getByText('changed by a colleague').waitFor();
    await app.page.getByTestId('contact-version').filter({ hasText: /^3$/ }).waitFor();
    await screenshot(app.page, 'scenario4-merge-combined');
    expect(browser.errors).toEqual([]);
  });

  it('server wins: the local edit is undone, the server’s version is shown and the user is told', async () => {
    const { app, stack, browser } = s;
    await app.open(`${stack.url}?conflict=server-wins`);
    const id = await syncedContact('Linus Torvalds');

    await app.goOffline();
    await app.editContact('Linus Torvalds', { notes: 'my local notes' });
    stack.server.touch(id, { notes: 'the server’s notes' });
    await app.goOnline();
    await app.waitForWaiting('No changes waiting');
    await app.page.getByTestId('notices').getByText(/was undone: someone else changed it on the server/).waitFor();

    await app.openContact('Linus Torvalds');
    await app.page.getByTestId('contact-fields').getByText('the server’s notes').waitFor();
    expect(stack.server.state().contacts[0]).toMatchObject({ notes: 'the server’s notes', version: 2 });
    await screenshot(app.page, 'scenario4-server-wins');
    expect(browser.errors).toEqual([]);
  });
});
