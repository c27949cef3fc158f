import { join } from 'node:path';

/** apps/demo. */
export const APP_DIR = join(import.meta.dirname, '..', '..');
/** Where the e2e build goes (git-ignored tmp/, apart from `npm run build`'s dist/). */
export const E2E_DIST = join(APP_DIR, 'tmp', 'e2e-dist');
/** Screenshots and logs (git-ignored). */
export const ARTIFACTS = join(APP_DIR, '..', '..', 'test-artifacts', 'demo-e2e');
