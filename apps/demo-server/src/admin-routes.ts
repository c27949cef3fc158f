import type { FaultInjector } from './faults';
import { validateFaultPatch } from './faults';
import { errorBody } from './model';
import type { Outcome } from './model';
import { invalidFields as invalid } from './mutations';
import type { Mutations } from './mutations';
import type { DemoRepository } from './repository';

/** What the admin routes act on. */
export interface AdminDeps {
  readonly repo: DemoRepository;
  readonly mutations: Mutations;
  readonly faults: FaultInjector;
}

/** True for loopback peers (127.0.0.0/8, ::1 and their IPv4-mapped forms), the only ones allowed on `/admin`. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || plain.startsWith('127.');
}


/**
 * Answers `/admin/*` (path normalised, body parsed): the applied log, the state, fault settings,
 * out-of-band contact edits and the reset. Never injects faults.
 */
export function handleAdmin(deps: AdminDeps, method: string, path: string, body: unknown): Outcome {
  const route = `${method} ${path.replace(/^\/admin\/contacts\/[^/]+\/touch$/, '/admin/contacts/:id/touch')}`;
  switch (route) {
    case 'GET /admin/log':
    case 'HEAD /admin/log':
      return { status: 200, body: deps.repo.appliedLog() };
    case 'GET /admin/state':
    case 'HEAD /admin/state':
      return { status: 200, body: deps.repo.state() };
    case 'GET /admin/faults':
    case 'HEAD /admin/faults':
      return { status: 200, body: deps.faults.config() };
    case 'POST /admin/faults': {
      const patch = validateFaultPatch(body ?? {});
      return patch.ok ? { status: 200, body: deps.faults.update(patch.value) } : invalid(patch.fields);
    }
    case 'POST /admin/reset':
      deps.repo.reset();
      return { status: 200, body: { reset: true } };
    case 'POST /admin/contacts/:id/touch': {
      const id = path.split('/')[3] ?? '';
      const context = { idempotencyKey: null, method, path, via: 'admin' } as const;
      return deps.repo.transaction(() => deps.mutations.touchContact(id, body ?? {}, context));
    }
  }
  const known = ['/admin/log', '/admin/state', '/admin/faults', '/admin/reset', '/admin/contacts/:id/touch'].includes(route.split(' ')[1] ?? '');
  return known
    ? { status: 405, body: errorBody('METHOD_NOT_ALLOWED', `${method} is not allowed on ${path}.`) }
    : { status: 404, body: errorBody('NOT_FOUND', `Nothing at ${path}.`) };
}
