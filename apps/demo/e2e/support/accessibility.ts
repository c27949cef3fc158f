import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { APP_DIR } from './paths';

/** One axe-core rule violation, reduced to what a failure message needs. */
export interface A11yViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

const AXE_PATH = createRequire(`${APP_DIR}/package.json`).resolve('axe-core/axe.min.js');

/** Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it is now; returns the violations. */
export async function checkAccessibility(page: Page): Promise<A11yViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
  });
}
