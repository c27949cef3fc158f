import { launchBrowser } from './browser';
import type { BrowserSession } from './browser';
import { DemoApp } from './demo-app';
import { startDemoStack } from './demo-stack';
import type { DemoStack } from './demo-stack';

/** One scenario's world: a fresh demo server, a fresh browser profile and the app driver. */
export interface Scenario {
  readonly stack: DemoStack;
  readonly browser: BrowserSession;
  readonly app: DemoApp;
  dispose(): Promise<void>;
}

/** Starts the server and the browser; `dispose` stops both. */
export async function startScenario(): Promise<Scenario> {
  const stack = await startDemoStack();
  let browser: BrowserSession;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await stack.close();
    throw error;
  }
  return {
    stack,
    browser,
    app: new DemoApp(browser.page, browser.context),
    dispose: async () => {
      await browser.close().catch(() => undefined);
      await stack.close();
    },
  };
}
