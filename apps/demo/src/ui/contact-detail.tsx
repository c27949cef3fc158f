import { IonButton, IonItem, IonLabel, IonList } from '@ionic/react';
import { useEffect, useState } from 'react';
import type { Activity, Contact } from '../domain/contact';
import { ActivityForm } from './activity-form';
import { useAppServices } from './app-services';
import type { Navigate } from './navigation';
import { PageHeading } from './page-heading';
import { useDataVersion } from './use-outbox';

/** One contact: its fields, its activities and a form to register another. */
export function ContactDetail({ id, navigate }: { id: string; navigate: Navigate }) {
  const { contacts, outbox } = useAppServices();
  const version = useDataVersion(outbox);
  const [contact, setContact] = useState<Contact | null | undefined>(undefined);
  const [activities, setActivities] = useState<Activity[]>([]);

  useEffect(() => {
    let live = true;
    void Promise.all([contacts.getContact(id), contacts.listActivities(id)]).then(([c, a]) => {
      if (!live) return;
      setContact(c);
      setActivities(a);
    });
    return () => {
      live = false;
    };
  }, [contacts, id, version]);

  if (contact === undefined) return <p>Loading…</p>;
  if (contact === null) {
    return (
      <section>
        <PageHeading>Contact not found</PageHeading>
        <p>This contact is no longer on this device: it was deleted, or the server refused it and the change was undone.</p>
        <IonButton onClick={() => navigate({ name: 'contacts' })}>Back to contacts</IonButton>
      </section>
    );
  }
  return (
    <section>
      <PageHeading>{contact.name}</PageHeading>
      <dl className="contact-fields" data-testid="contact-fields">
        <dt>Email</dt>
        <dd>{contact.email ?? '—'}</dd>
        <dt>Phone</dt>
        <dd>{contact.phone ?? '—'}</dd>
        <dt>Notes</dt>
        <dd>{contact.notes ?? '—'}</dd>
        <dt>Server id</dt>
        <dd data-testid="contact-id">{contact.version === null ? `not on the server yet (local id ${contact.id})` : contact.id}</dd>
        <dt>Version</dt>
        <dd data-testid="contact-version">{contact.version ?? '—'}</dd>
      </dl>
      <div className="form-actions">
        <IonButton onClick={() => navigate({ name: 'edit-contact', id })}>Edit contact</IonButton>
        <IonButton fill="outline" onClick={() => navigate({ name: 'contacts' })}>
          Back to contacts
        </IonButton>
      </div>
      <h2>Activities</h2>
      {activities.length === 0 ? (
        <p>No activities yet.</p>
      ) : (
        <IonList data-testid="activity-list">
          {activities.map((a) => (
            <IonItem key={a.id}>
              <IonLabel>
                <h3>{a.activity}</h3>
                <p>{a.date}</p>
              </IonLabel>
            </IonItem>
          ))}
        </IonList>
      )}
      <ActivityForm contactId={id} />
    </section>
  );
}
