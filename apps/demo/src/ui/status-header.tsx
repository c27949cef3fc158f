import { IonButton, IonHeader, IonProgressBar, IonTitle, IonToolbar } from '@ionic/react';
import { useOutboxActions, useOutboxStatus } from '@mutation-outbox/react';
import { formatRelativeTime, formatWaiting } from '../present/format-time';
import { useNow } from './use-outbox';

/**
 * The always-visible header: connectivity, how many changes wait, failures that need a decision,
 * the next automatic retry and a progress bar while a sync runs.
 */
export function StatusHeader() {
  const status = useOutboxStatus();
  const { flush } = useOutboxActions();
  const now = useNow(status.nextRetryAt !== null);
  const waiting = status.pending + status.inFlight;
  const { done, total } = status.progress;
  return (
    <IonHeader>
      <IonToolbar color="primary">
        <IonTitle>Contacts</IonTitle>
      </IonToolbar>
      <IonToolbar>
        <div className="status-bar" role="status" aria-live="polite" data-testid="sync-status">
          <span className={`connectivity ${status.online ? 'online' : 'offline'}`} data-testid="connectivity">
            <span aria-hidden="true" className="dot" />
            {status.online ? 'Online' : 'Offline'}
          </span>
          <span data-testid="waiting-count">{formatWaiting(waiting)}</span>
          {status.failed > 0 && (
            <span className="failed-count" data-testid="failed-count">
              {status.failed} {status.failed === 1 ? 'needs' : 'need'} your decision
            </span>
          )}
          {status.paused && <span className="failed-count">Sending paused: sign in again</span>}
          {status.nextRetryAt !== null && (
            <span data-testid="next-retry">Next retry {formatRelativeTime(status.nextRetryAt, now)}</span>
          )}
          {status.flushing && (
            <span data-testid="sync-progress-text">
              Syncing {done} of {total}
            </span>
          )}
        </div>
        <IonButton slot="end" fill="outline" size="small" disabled={!status.online || status.flushing} onClick={() => void flush().catch(() => undefined)}>
          Sync now
        </IonButton>
      </IonToolbar>
      {status.flushing && (
        <IonProgressBar
          data-testid="sync-progress"
          aria-label="Sync progress"
          value={total > 0 ? done / total : 0}
          type={total > 0 ? 'determinate' : 'indeterminate'}
        />
      )}
    </IonHeader>
  );
}
