import { IonButton } from '@ionic/react';
import { useState } from 'react';
import { useOutboxActions, useOutboxEntries } from '@mutation-outbox/react';
import { describeEntry, describeStatus } from '../present/describe-entry';
import { describeError } from '../present/describe-error';
import { formatRelativeTime } from '../present/format-time';
import { useAppServices } from './app-services';
import { PageHeading } from './page-heading';
import { useNow } from './use-outbox';

/** Every change not yet settled with the server, with its state and Retry now / Discard. */
export function OutboxPage() {
  const { conflictStrategy } = useAppServices();
  const { entries: list, loading, hasMore, error } = useOutboxEntries({ limit: 200 });
  const { retryEntry, rollbackEntry } = useOutboxActions();
  const entries = loading ? null : list;
  const [failure, setFailure] = useState<string | null>(null);
  const now = useNow(list.some((e) => e.nextAttemptAt !== null));

  async function act(action: () => Promise<unknown>) {
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <section>
      <PageHeading>Outbox</PageHeading>
      <p>
        Changes made on this device are kept here until the server has them, and sent in order. Conflicts: {conflictStrategy}.
      </p>
      {error && (
        <p className="error-text" role="alert">
          The outbox could not be read: {error.message}
        </p>
      )}
      {failure && (
        <p className="error-text" role="alert">
          {failure}
        </p>
      )}
      {entries === null ? (
        <p>Loading…</p>
      ) : entries.length === 0 ? (
        <p data-testid="outbox-empty">Everything is saved on the server.</p>
      ) : (
        <ol className="outbox-list" data-testid="outbox-list">
          {entries.map((entry) => (
            <li key={entry.id} className={`outbox-entry status-${entry.status}`} data-testid="outbox-entry" data-status={entry.status}>
              <h2>{describeEntry(entry)}</h2>
              <dl>
                <dt>Status</dt>
                <dd data-testid="entry-status">{describeStatus(entry.status)}</dd>
                <dt>Attempts</dt>
                <dd data-testid="entry-attempts">{entry.attempts}</dd>
                {entry.nextAttemptAt !== null && entry.status === 'pending' && (
                  <>
                    <dt>Next retry</dt>
                    <dd data-testid="entry-next-retry">{formatRelativeTime(entry.nextAttemptAt, now)}</dd>
                  </>
                )}
                {entry.lastError && (
                  <>
                    <dt>Last error</dt>
                    <dd data-testid="entry-error">{describeError(entry.lastError)}</dd>
                  </>
                )}
              </dl>
              <div className="form-actions">
                <IonButton size="small" disabled={entry.status === 'in_flight'} onClick={() => void act(() => retryEntry(entry.id))}>
                  Retry now
                </IonButton>
                <IonButton
                  size="small"
                  color="danger"
                  fill="outline"
                  disabled={entry.status === 'in_flight'}
                  onClick={() => void act(() => rollbackEntry(entry.id))}
                >
                  Discard
                </IonButton>
              </div>
            </li>
          ))}
        </ol>
      )}
      {hasMore && <p>…and more changes, shown once these are sent.</p>}
    </section>
  );
}
