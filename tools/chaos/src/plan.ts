import { createRng } from './random';

/** The mutation types of the reference server (docs/demo-protocol.md). */
export type PlanType = 'contact.create' | 'contact.update' | 'contact.delete' | 'activity.create';

/** Contact fields as sent to the server; absent fields are left unchanged (update) or null (create). */
export interface ContactFields {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly notes?: string;
}

/** The body fields of an `activity.create` besides `contactId` (filled in by the worker). */
export interface ActivityFields {
  readonly activity: string;
  readonly date: string;
}

/** One write the simulated app makes; the plan is the same for the same seed. */
export interface PlanItem {
  /** Position in the plan: the order the app enqueues in. */
  readonly index: number;
  readonly type: PlanType;
  /** Temporary id of the contact the item is about; it is also the item's ordering group. */
  readonly contact: string;
  /** Temporary id of the activity an `activity.create` introduces. */
  readonly activity?: string;
  /** Contact fields of a create or update. */
  readonly fields?: ContactFields;
  /** Fields of an `activity.create`. */
  readonly activityFields?: ActivityFields;
  /** The server refuses it for good (422, malformed email): the outbox must roll it back. */
  readonly rejected: boolean;
}

const ACTIVITIES = ['Visit', 'Call', 'Email', 'Meeting', 'Demo'];
const BAD_EMAILS = ['not-an-email', 'a@b', 'two words@example.com', '@example.com'];

/**
 * The chaos run's mutation plan: a pure function of `(seed, count)`, and item `i` depends only
 * on the seed and the items before it, so a longer plan extends a shorter one. It creates
 * contacts (temporary ids), updates them, registers activities on them and deletes some; about
 * one in twenty creates or updates carries a malformed email, which the server refuses with 422.
 * Items never target a contact whose create is refused or that was deleted earlier in the plan.
 */
export function planMutations(seed: number, count: number): PlanItem[] {
  const rng = createRng(seed, 1);
  const live: string[] = [];
  const plan: PlanItem[] = [];
  let contacts = 0;
  let activities = 0;
  const contactId = (n: number) => `tmp_s${seed}c${n}`;
  for (let index = 0; index < count; index++) {
    const roll = rng.next();
    if (live.length < 3 || roll < 0.2) {
      const n = contacts++;
      const rejected = rng.chance(0.04);
      const fields: ContactFields = {
        name: `Contact ${n}`,
        email: rejected ? rng.pick(BAD_EMAILS) : `c${n}@example.com`,
        ...(rng.chance(0.5) ? { phone: `+33 6 ${String(rng.int(0, 99_999_999)).padStart(8, '0')}` } : {}),
        ...(rng.chance(0.2) ? { notes: `Met at stop ${rng.int(1, 500)}` } : {}),
      };
      if (!rejected) live.push(contactId(n));
      plan.push({ index, type: 'contact.create', contact: contactId(n), fields, rejected });
      continue;
    }
    const slot = rng.int(0, live.length - 1);
    const contact = live[slot] as string;
    if (roll < 0.6) {
      const rejected = rng.chance(0.06);
      const change = rng.int(0, 3);
      const fields: ContactFields = rejected
        ? { email: rng.pick(BAD_EMAILS) }
        : change === 0
          ? { name: `Contact ${contact.slice(-6)} v${index}` }
          : change === 1
            ? { email: `u${index}@example.com` }
            : change === 2
              ? { phone: `0${rng.int(100_000_000, 999_999_999)}` }
              : { notes: `Note ${index}`, name: `Renamed ${index}` };
      plan.push({ index, type: 'contact.update', contact, fields, rejected });
    } else if (roll < 0.9) {
      const activity = `tmp_s${seed}a${activities++}`;
      const date = `2026-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
      plan.push({ index, type: 'activity.create', contact, activity, activityFields: { activity: rng.pick(ACTIVITIES), date }, rejected: false });
    } else {
      live.splice(slot, 1);
      plan.push({ index, type: 'contact.delete', contact, rejected: false });
    }
  }
  return plan;
}
