import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { ARTIFACTS } from './paths.ts';

/**
 * Writes test-artifacts/e2e-ran.json after the browser suite: how many tests passed, failed and
 * were skipped, so CI can tell that the e2e tests really ran.
 */
export class RanMarkerReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
    }
    const dir = join(ARTIFACTS, '..');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'e2e-ran.json'), `${JSON.stringify({ suite: '@mutation-outbox/demo e2e', ...counts, finishedAt: new Date().toISOString() }, null, 2)}\n`);
  }
}
