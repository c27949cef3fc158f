import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccessibility } from './support/accessibility';
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

describe('accessibility (axe-core, WCAG 2.2 A/AA rules)', () => {
  it('has no violations on the main screens, and the keyboard reaches the actions in order', async () => {
    const { app, stack } = s;
    const page = app.page;
    await app.open(stack.url);
    expect(await checkAccessibility(page)).toEqual([]);

    // Keyboard: from the page heading, Tab reaches "Add contact", and Enter opens the form.
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Add contact');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'New contact', level: 1 }).waitFor();
    // The new screen's heading takes focus, so keyboard users start at the top of the form; Tab goes to the name.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('New contact');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.getAttribute('autocomplete'))).toBe('name');
    expect(await checkAccessibility(page)).toEqual([]);

    await app.goOffline();
    await page.getByLabel('Name (required)', { exact: true }).fill('Ada Lovelace');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
    expect(await checkAccessibility(page)).toEqual([]);

    await app.showOutbox();
    await page.getByTestId('outbox-entry').waitFor();
    expect(await checkAccessibility(page)).toEqual([]);
    await screenshot(page, 'a11y-outbox');

    // An empty name is refused with a message tied to the field.
    await app.showContacts();
    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Enter a name.').waitFor();
    expect(await checkAccessibility(page)).toEqual([]);
  });
});
