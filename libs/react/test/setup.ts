import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// testing-library unmounts between tests by itself only when vitest globals are on; they are not.
afterEach(() => cleanup());
