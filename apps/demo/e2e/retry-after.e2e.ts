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

describe('scenario 3: 503 with Retry-After, then recovery', () => {
  it('shows attempts and the next retry, then succeeds without the user doing anything', async () => {
    const { app, stack, browser } = s;
    const page = app.page;
    await app.open(stack.url);
    stack.server.setFaults({ failureRate: 1, failureStatus: 503, retryAfterSeconds: 3 });

    await app.createContact({ name: 'Margaret Hamilton', email: 'margaret@example.com' });
    await app.showOutbox();
    const entry = page.getByTestId('outbox-entry').first();
    await entry.getByTestId('entry-attempts').filter({ hasText: /^[1-9]\d*$/ }).waitFor({ timeout: 15_000 });
    await entry.getByTestId('entry-error').filter({ hasText: /temporary problem \(HTTP 503\).*try again automatically/ }).waitFor();
    await entry.getByTestId('entry-next-retry').filter({ hasText: /^(in \d+ s|now)$/ }).waitFor();
    await page.getByTestId('next-retry').filter({ hasText: /^Next retry (in \d+ s|now)$/ }).waitFor();
    await app.waitForWaiting('1 change waiting');
    await screenshot(page, 'scenario3-503-retry-scheduled');

    stack.server.setFaults({ failureRate: 0 });
    await app.waitForWaiting('No changes waiting', 30_000);
    await page.getByTestId('outbox-empty').waitFor();
    await screenshot(page, 'scenario3-recovered');

    expect(stack.server.state().contacts.map((c) => c.name)).toEqual(['Margaret Hamilton']);
    const log = stack.server.appliedLog();
    expect(log.applied).toHaveLength(1);
    expect(log.keyArrivals[log.applied[0]?.idempotencyKey ?? '']).toBeGreaterThanOrEqual(2);
    expect(browser.errors).toEqual([]);
  });
});
