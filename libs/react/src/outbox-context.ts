import { createContext } from 'react';
import type { MutationOutbox } from '@mutation-outbox/core';

/** The outbox given to the nearest `<OutboxProvider>`, or null outside any. Internal to this package. */
export const OutboxContext = createContext<MutationOutbox | null>(null);
OutboxContext.displayName = 'OutboxContext';
