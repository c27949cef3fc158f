import { IonButton } from '@ionic/react';
import { useRef, useState } from 'react';
import { useOutboxEvent } from '@mutation-outbox/react';
import type { EntryError, RollbackReason } from '@mutation-outbox/core';
import { describeEntry } from '../present/describe-entry';
import { describeError } from '../present/describe-error';
import type { OutboxEntry } from '@mutation-outbox/core';

/** A change the outbox undid, told to the user. */
export interface RollbackNotice {
  readonly entry: OutboxEntry;
  readonly reason: RollbackReason;
  readonly error: EntryError | null;
}

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
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextKey = useRef(0);
  const add = (text: string | null) => {
    if (text) setNotices((list) => [...list, { key: nextKey.current++, text }]);
  };
  useOutboxEvent('entry:rolled-back', (notice) => add(describeRollback(notice)));
  useOutboxEvent('entry:conflict', ({ entry, action }) => add(describeConflict(entry, action)));
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
