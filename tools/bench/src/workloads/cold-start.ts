import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runJsonChild } from '../child-process';
import { PASSPHRASE, RAW_KEY_HEX } from '../fixtures-data';
import type { Fixture, VariantSpec } from '../interleave';
import type { BenchKey } from '../raw-sqlite';
import type { RowLabels, Variant } from '../results';
import { createOutboxQueue } from '../variants/outbox-queue';
import { createRawQueue } from '../variants/raw-queue';
import { createReduxOfflineQueue } from '../variants/redux-offline-queue';
import { createTanstackQueue } from '../variants/tanstack-queue';

interface ChildAnswer {
  readonly ms: number;
  readonly rssMb: number;
  readonly pending: number;
  readonly page: number;
}

const KEYS: Record<'raw' | 'passphrase', BenchKey> = { raw: { kind: 'raw', hex: RAW_KEY_HEX }, passphrase: { kind: 'passphrase', passphrase: PASSPHRASE } };

/** Fills `dir` with a queue of `depth` entries for `variant`, then closes it (untimed). */
async function prepare(variant: Variant, dir: string, depth: number, key: BenchKey): Promise<void> {
  const baseUrl = 'http://127.0.0.1:9';
  const queue =
    variant === 'outbox'
      ? await createOutboxQueue({ key, baseUrl, dir }, depth)
      : variant === 'raw-sqlite'
        ? await createRawQueue({ key, baseUrl, dir }, depth)
        : variant === 'redux-offline'
          ? await createReduxOfflineQueue(baseUrl, depth, dir)
          : await createTanstackQueue(baseUrl, depth, dir);
  await queue.close();
}

function spec(variant: Variant, keyKind: 'raw' | 'passphrase' | 'none', depth: number): VariantSpec {
  const labels: RowLabels = { key: keyKind };
  const key = KEYS[keyKind === 'none' ? 'raw' : keyKind];
  return {
    variant,
    labels,
    async setup(): Promise<Fixture> {
      const dir = mkdtempSync(join(tmpdir(), `cold-${variant}-`));
      await prepare(variant, dir, depth, key);
      const secret = key.kind === 'raw' ? key.hex : key.passphrase;
      return {
        async measure() {
          const answer = await runJsonChild<ChildAnswer>('./cold-start-child.ts', [variant, dir, keyKind, secret]);
          if (answer.page !== Math.min(100, depth) || answer.pending < depth) throw new Error(`${variant} cold start read ${answer.pending} pending, page ${answer.page}`);
          return { ms: answer.ms, ops: 1, rssMb: answer.rssMb };
        },
        close: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

/**
 * Cold start at `depth`: each repetition opens the queue in a fresh process and reads the status
 * and the first page of 100. This library and the limit with a raw key and with a passphrase;
 * the peers restore their persisted file (no encryption).
 */
export function coldStartSpecs(depth: number, withPeers: boolean): VariantSpec[] {
  const specs = [spec('outbox', 'raw', depth), spec('raw-sqlite', 'raw', depth), spec('outbox', 'passphrase', depth), spec('raw-sqlite', 'passphrase', depth)];
  if (withPeers) specs.push(spec('redux-offline', 'none', depth), spec('tanstack-query', 'none', depth));
  return specs;
}
