import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
const coreFile = path.join(root, 'libs/outbox-core/src/engine/__lint_probe__.ts');

async function lintCore(code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: coreFile });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('the core stays platform-agnostic (lint)', () => {
  it.each([
    ["import ky from 'ky';\nexport const k = ky;", 'no-restricted-imports'],
    ["import { Network } from '@capacitor/network';\nexport const n = Network;", 'no-restricted-imports'],
    ["import Database from 'better-sqlite3-multiple-ciphers';\nexport const d = Database;", 'no-restricted-imports'],
    ["import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", 'no-restricted-imports'],
    ['export const t = Date.now();', 'no-restricted-properties'],
    ['export const r = Math.random();', 'no-restricted-properties'],
    ['export const h = setTimeout(() => undefined, 1);', 'no-restricted-globals'],
    ['export const o = navigator.onLine;', 'no-restricted-globals'],
  ])('rejects %s', async (code, rule) => {
    const messages = await lintCore(code);
    expect(messages.some((m) => m.startsWith(`${rule}:`))).toBe(true);
  });

  it('accepts code that goes through the ports', async () => {
    expect(await lintCore("import type { Clock } from '../ports/clock';\nexport const now = (clock: Clock) => clock.now();\n")).toEqual([]);
  });
});
