import type { Measurement, RowLabels, Variant, Workload } from './results';

/** One timed repetition: `ms` for `ops` operations (untimed preparation is excluded). */
export interface Sample {
  readonly ms: number;
  readonly ops: number;
  /** Resident memory growth measured by the repetition itself (cold start, in a fresh child). */
  readonly rssMb?: number;
}

/** A variant set up for one workload and size; `measure` may be called many times. */
export interface Fixture {
  /** One repetition: prepares (untimed), then times the workload. */
  measure(): Promise<Sample>;
  /** Releases files, connections and timers. */
  close(): Promise<void>;
}

/** How to set up one variant of a workload. */
export interface VariantSpec {
  readonly variant: Variant;
  /** The size this spec measures, when one interleaved group mixes sizes (default: the group's). */
  readonly size?: number;
  readonly labels?: RowLabels;
  /** Sets the variant up (prefill etc., untimed). */
  setup(): Promise<Fixture>;
}

/** Options of `runInterleaved`. */
export interface InterleaveOptions {
  readonly workload: Workload;
  readonly size: number;
  readonly reps: number;
  /** `ms/op` divides each sample by its ops; `ms` keeps the whole time. */
  readonly unit: 'ms/op' | 'ms';
  /**
   * Rounds run after the setup and before the `reps` measured ones, and not recorded (default 0).
   * For fixtures set up once and measured many times: the setup's after-effects (the peers'
   * files still being written back, cold caches, code not yet optimized) would otherwise land on
   * whichever variant the first round measures first, every run the same one.
   */
  readonly warmupRounds?: number;
  /** Progress lines go here. */
  readonly log?: (line: string) => void;
}

function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * The order in which round `round` measures `count` variants: the rows of a Williams design (a
 * Latin square balanced for carry-over, mirrored for an odd count). Every round measures each
 * variant once, each variant moves through the positions, and over `count` rounds (2 × `count`
 * when odd) it runs right after every other variant equally often. A rotation by one per round
 * would always put the same variant before it, whose after-effects (files still being flushed,
 * cold caches) it would then inherit in every round.
 */
export function roundOrder(count: number, round: number): number[] {
  const first = [0];
  for (let low = 1, high = count - 1; first.length < count; ) first.push(first.length % 2 === 1 ? low++ : high--);
  const row = first.map((position) => (position + round) % count);
  return count % 2 === 1 && Math.floor(round / count) % 2 === 1 ? row.reverse() : row;
}

/**
 * Sets every variant up, runs `warmupRounds` unrecorded rounds, then `reps` rounds; each round
 * measures every variant once, in the order `roundOrder` gives, so slow drifts of a noisy machine
 * and one variant's after-effects hit every variant alike.
 * The memory figure is the RSS growth over the variant's setup (what it holds for this queue),
 * unless the repetitions report their own (cold start).
 */
export async function runInterleaved(specs: readonly VariantSpec[], options: InterleaveOptions): Promise<Measurement[]> {
  const fixtures: Fixture[] = [];
  const memory: number[] = [];
  try {
    for (const spec of specs) {
      collectGarbage();
      const before = rssMb();
      fixtures.push(await spec.setup());
      collectGarbage();
      memory.push(Math.max(0, rssMb() - before));
    }
    const samples: Sample[][] = specs.map(() => []);
    const warmup = options.warmupRounds ?? 0;
    // Warm-up rounds take the design's rows after the measured ones.
    const rounds = [
      ...Array.from({ length: warmup }, (_, w) => ({ row: options.reps + w, recorded: false, label: `warm-up round ${w + 1}/${warmup}` })),
      ...Array.from({ length: options.reps }, (_, r) => ({ row: r, recorded: true, label: `round ${r + 1}/${options.reps}` })),
    ];
    for (const round of rounds) {
      for (const index of roundOrder(specs.length, round.row)) {
        // Untimed: no variant pays for garbage another one left (the peers' heaps reach 1 GB).
        collectGarbage();
        const sample = await (fixtures[index] as Fixture).measure();
        if (round.recorded) (samples[index] as Sample[]).push(sample);
      }
      options.log?.(`  ${options.workload} ${options.size}: ${round.label} done`);
    }
    return specs.map((spec, index) => {
      const own = samples[index] as Sample[];
      return {
        workload: options.workload,
        size: spec.size ?? options.size,
        variant: spec.variant,
        ...(spec.labels ? { labels: spec.labels } : {}),
        samples: own.map((sample) => (options.unit === 'ms/op' ? sample.ms / sample.ops : sample.ms)),
        unit: options.unit,
        ops: own[0]?.ops ?? 0,
        rssMb: ownRss(own) ?? memory[index] ?? 0,
      };
    });
  } finally {
    for (const fixture of fixtures) await fixture.close().catch(() => undefined);
  }
}

/** The median of the repetitions' own memory figures, when they report one. */
function ownRss(samples: readonly Sample[]): number | undefined {
  const values = samples.flatMap((sample) => (sample.rssMb === undefined ? [] : [sample.rssMb])).sort((a, b) => a - b);
  return values.length === 0 ? undefined : values[Math.floor(values.length / 2)];
}

/** Times `work` with the high-resolution clock; resolves with elapsed ms. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
