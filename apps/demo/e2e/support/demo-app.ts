import type { BrowserContext, Page } from 'playwright-core';

/** Drives the demo app the way a user does: by labels, roles and visible text. */
export class DemoApp {
  constructor(
    readonly page: Page,
    readonly context: BrowserContext,
  ) {}

  /** Opens the app and waits until the local database is open and the service worker controls the page. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitReady();
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
      }
    });
  }

  /** Waits until the app finished starting (database open, screens rendered). */
  async waitReady(): Promise<void> {
    await this.page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitReady();
  }

  async goOffline(): Promise<void> {
    await this.context.setOffline(true);
    await this.page.getByTestId('connectivity').filter({ hasText: 'Offline' }).waitFor();
  }

  async goOnline(): Promise<void> {
    await this.context.setOffline(false);
    await this.page.getByTestId('connectivity').filter({ hasText: 'Online' }).waitFor();
  }

  /** Waits until the header says exactly this (e.g. `4 changes waiting`, `No changes waiting`). */
  async waitForWaiting(text: string, timeout = 30_000): Promise<void> {
    await this.page.getByTestId('waiting-count').filter({ hasText: new RegExp(`^${text}$`) }).waitFor({ timeout });
  }

  async showContacts(): Promise<void> {
    await this.page.locator('ion-segment-button').filter({ hasText: 'Contacts' }).click();
    await this.page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  }

  async showOutbox(): Promise<void> {
    await this.page.locator('ion-segment-button').filter({ hasText: 'Outbox' }).click();
    await this.page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
  }

  /** Creates a contact from the list; ends on its detail screen. */
  async createContact(fields: { name: string; email?: string; phone?: string; notes?: string }): Promise<void> {
    await this.showContacts();
    await this.page.getByRole('button', { name: 'Add contact' }).click();
    await this.fillContact(fields);
    await this.page.getByRole('button', { name: 'Save' }).click();
    await this.page.getByRole('heading', { name: fields.name, level: 1 }).waitFor();
  }

  /** Opens a contact's detail screen from the list. */
  async openContact(name: string): Promise<void> {
    await this.showContacts();
    await this.page.getByTestId('contact-item').filter({ hasText: name }).click();
    await this.page.getByRole('heading', { name, level: 1 }).waitFor();
  }

  /** Edits a contact; ends on its detail screen. */
  async editContact(name: string, fields: { name?: string; email?: string; phone?: string; notes?: string }): Promise<void> {
    await this.openContact(name);
    await this.page.getByRole('button', { name: 'Edit contact' }).click();
    await this.page.getByRole('heading', { name: 'Edit contact', level: 1 }).waitFor();
    await this.fillContact(fields);
    await this.page.getByRole('button', { name: 'Save' }).click();
    await this.page.getByRole('heading', { name: fields.name ?? name, level: 1 }).waitFor();
  }

  /** Registers an activity on the open contact. */
  async registerActivity(activity: string, date: string): Promise<void> {
    await this.page.getByLabel('Activity', { exact: true }).fill(activity);
    await this.page.getByLabel('Date', { exact: true }).fill(date);
    await this.page.getByRole('button', { name: 'Register activity' }).click();
    await this.page.getByTestId('activity-list').getByText(activity).waitFor();
  }

  private async fillContact(fields: { name?: string; email?: string; phone?: string; notes?: string }): Promise<void> {
    if (fields.name !== undefined) await this.page.getByLabel('Name (required)', { exact: true }).fill(fields.name);
    if (fields.email !== undefined) await this.page.getByLabel('Email', { exact: true }).fill(fields.email);
    if (fields.phone !== undefined) await this.page.getByLabel('Phone', { exact: true }).fill(fields.phone);
    if (fields.notes !== undefined) await this.page.getByLabel('Notes', { exact: true }).fill(fields.notes);
  }
}
