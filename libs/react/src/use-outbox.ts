import { useContext } from 'react';
import type { MutationOutbox } from '@mutation-outbox/core';
import { MissingOutboxProviderError } from './missing-outbox-provider-error';
import { OutboxContext } from './outbox-context';

/**
 * The outbox of the nearest `<OutboxProvider>`. Throws `MissingOutboxProviderError` when there is
 * none, so a missing provider fails loudly on first render instead of silently doing nothing.
 */
export function useOutbox(): MutationOutbox {
  return useRequiredOutbox('useOutbox');
}

/** `useOutbox()` for this package's hooks: the error names the hook the app actually called. @internal */
export function useRequiredOutbox(hook: string): MutationOutbox {
  const outbox = useContext(OutboxContext);
  if (!outbox) throw new MissingOutboxProviderError(hook);
  return outbox;
}
