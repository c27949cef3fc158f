import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './support/browser';
import type { BrowserSession } from './support/browser';
import { startDemoStack } from './support/demo-stack';
import type { DemoStack } from './support/demo-stack';

let server: DemoStack;
let browser: BrowserSession;

beforeAll(async () => {
  server = await startDemoStack();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('smoke', () => {
  it('opens the local database in the browser and queues a contact created offline', async () => {
    const { page, context } = browser;
    await page.goto(server.url);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('storage-note').textContent()).resolves.toMatch(/NOT encrypted/);
    expect(await page.locator('jeep-sqlite').count()).toBe(1);

    await context.setOffline(true);
    await page.getByTestId('connectivity').filter({ hasText: 'Offline' }).waitFor();

    await page.getByRole('button', { name: 'Add contact' }).click();
    await page.getByLabel('Name (required)').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByRole('button', { name: 'Save' }).click();

    await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
    await page.getByTestId('waiting-count').filter({ hasText: '1 change waiting' }).waitFor();
    await screenshot(page, 'smoke-offline-contact-waiting');
    expect(browser.errors).toEqual([]);
  });
});
