import { createRng } from './random';

/** The event a kill waits for before it strikes (`timer`: a seeded delay after arming). */
export type KillTarget = 'enqueue-start' | 'ack' | 'attempt' | 'ready' | 'timer';

/** One planned SIGKILL. */
export interface PlannedKill {
  /** Progress (acknowledged enqueues + settled entries) at which the kill is armed. */
  readonly at: number;
  readonly target: KillTarget;
  /** After the target event: -1 kills synchronously, 0 on the next turn, otherwise after that many ms. */
  readonly delayMs: number;
}

/** One planned connectivity loss. */
export interface PlannedFlap {
  /** Enqueues made (acknowledged or recovered) at which the device goes offline. */
  readonly at: number;
  readonly offlineMs: number;
  /** The injected failure status the server uses from the moment the device comes back. */
  readonly failureStatus: 500 | 503 | 429;
  readonly retryAfterSeconds: number | null;
}

/** When and how a run kills its worker and flaps its connectivity. */
export interface ChaosSchedule {
  readonly kills: readonly PlannedKill[];
  readonly flaps: readonly PlannedFlap[];
}

const TARGETS: readonly KillTarget[] = ['enqueue-start', 'enqueue-start', 'enqueue-start', 'attempt', 'attempt', 'attempt', 'attempt', 'ack', 'ready', 'timer'];
const DELAYS = [-1, -1, 0, 0, 1, 1, 2, 3, 5];

/**
 * The kill and flap schedule of a run, a pure function of the seed. Kills are spread over the
 * whole run (enqueueing and draining: progress counts both enqueues and settled entries); flaps
 * over the enqueueing phase, each lasting up to `maxOfflineMs`.
 */
export function chaosSchedule(seed: number, mutations: number, kills: number, flaps: number, maxOfflineMs: number): ChaosSchedule {
  const rng = createRng(seed, 2);
  const killAt = Array.from({ length: kills }, () => Math.floor(rng.next() * mutations * 1.8)).sort((a, b) => a - b);
  const plannedKills = killAt.map((at) => {
    const target = rng.pick(TARGETS);
    return { at, target, delayMs: target === 'timer' ? rng.int(0, 40) : rng.pick(DELAYS) };
  });
  const flapAt = Array.from({ length: flaps }, () => Math.floor(rng.next() * mutations)).sort((a, b) => a - b);
  const plannedFlaps = flapAt.map((at) => ({
    at,
    offlineMs: rng.int(Math.min(10, maxOfflineMs), maxOfflineMs),
    failureStatus: rng.pick([500, 503, 429] as const),
    retryAfterSeconds: rng.pick([null, null, 1]),
  }));
  return { kills: plannedKills, flaps: plannedFlaps };
}
