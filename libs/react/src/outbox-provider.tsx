import type { ReactElement, ReactNode } from 'react';
import type { MutationOutbox } from '@mutation-outbox/core';
import { OutboxContext } from './outbox-context';

/** Props of `OutboxProvider`. */
export interface OutboxProviderProps {
  /** The outbox the hooks below talk to. Its lifecycle (`start`, `stop`, `close`) stays with the app. */
  readonly outbox: MutationOutbox;
  readonly children?: ReactNode;
}

/**
 * Makes `outbox` available to every hook of this package in the subtree. It neither starts nor
 * stops the outbox; replacing the `outbox` prop moves every hook below to the new instance.
 */
export function OutboxProvider({ outbox, children }: OutboxProviderProps): ReactElement {
  return <OutboxContext.Provider value={outbox}>{children}</OutboxContext.Provider>;
}
