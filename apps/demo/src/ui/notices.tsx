import { IonButton } from '@ionic/react';
import { useEffect, useState } from 'react';
import { describeEntry } from '../present/describe-entry';
import { describeError } from '../present/describe-error';
import type { OutboxEntry } from '@mutation-outbox/core';
import type { RollbackNotice } from '../outbox/app-outbox';
import { useAppServices } from './app-services';

interface Notice {
  readonly key: number;
  readonly text: string;
}

/** Words for a rollback: what was undone and why. */
export function describeRollback(notice: RollbackNotice): string {
  const what = describeEntry(notice.entry);
  switch (notice.reason) {
    case 'dependency':
      return `${what} was undone because the change it depended on was refused.`;
    case 'discarded':
      return `${what} was discarded and undone on this device.`;
    case 'conflict':
      return `${what} was undone: someone else changed it on the server, and the server's version was kept.`;
    case 'rejected':
      return `${what} was undone. ${describeError(notice.error)}`;
  }
}

/** Words for a conflict the resolver settled by sending again or holding; null when a rollback notice follows. */
export function describeConflict(entry: OutboxEntry, action: 'rollback' | 'retry' | 'hold'): string | null {
  const what = describeEntry(entry);
  if (action === 'retry') return `Someone else changed this contact on the server meanwhile: ${what} was combined with their version and sent again.`;
  if (action === 'hold') return `Someone else changed the same field on the server: ${what} waits for your decision on the Outbox screen.`;
  return null;
}

/** Announces rolled-back changes (politely, to screen readers too) until the user dismisses them. */
export function Notices() {
  const { outbox } = useAppServices();
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    let key = 0;
    const add = (text: string | null) => text && setNotices((list) => [...list, { key: key++, text }]);
    const offRollback = outbox.on('rolled-back', (notice) => add(describeRollback(notice)));
    const offConflict = outbox.on('conflict', ({ entry, action }) => add(describeConflict(entry, action)));
    return () => {
      offRollback();
      offConflict();
    };
  }, [outbox]);
  return (
    <div className="notices" aria-live="polite" data-testid="notices">
      {notices.map((notice) => (
        <div key={notice.key} className="notice" role="alert">
          <p>{notice.text}</p>
          <IonButton size="small" fill="clear" onClick={() => setNotices((list) => list.filter((n) => n.key !== notice.key))}>
            Dismiss
          </IonButton>
        </div>
      ))}
    </div>
  );
}
