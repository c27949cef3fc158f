import { IonButton, IonItem, IonLabel, IonList, IonNote } from '@ionic/react';
import { useEffect, useState } from 'react';
import type { ContactSummary } from '../domain/contacts-service';
import { useAppServices } from './app-services';
import type { Navigate } from './navigation';
import { PageHeading } from './page-heading';
import { useDataVersion } from './use-outbox';

/** The contact list with a button to add one. */
export function ContactsPage({ navigate }: { navigate: Navigate }) {
  const { contacts, outbox } = useAppServices();
  const version = useDataVersion(outbox);
  const [list, setList] = useState<ContactSummary[] | null>(null);
  useEffect(() => {
    let live = true;
    void contacts.listContacts().then((rows) => live && setList(rows));
    return () => {
      live = false;
    };
  }, [contacts, version]);

  return (
    <section aria-labelledby="contacts-heading">
      <div className="page-top" id="contacts-heading">
        <PageHeading>Contacts</PageHeading>
        <IonButton onClick={() => navigate({ name: 'new-contact' })}>Add contact</IonButton>
      </div>
      {list === null ? (
        <p>Loading…</p>
      ) : list.length === 0 ? (
        <p>No contacts yet. Add one: it is saved on this device at once and sent to the server when you are online.</p>
      ) : (
        <IonList data-testid="contact-list">
          {list.map((contact) => (
            <IonItem key={contact.id} button detail onClick={() => navigate({ name: 'contact', id: contact.id })} data-testid="contact-item">
              <IonLabel>
                <h2>{contact.name}</h2>
                <p>{[contact.email, contact.phone].filter(Boolean).join(' · ') || 'No email or phone'}</p>
              </IonLabel>
              <IonNote slot="end">
                {contact.activityCount} {contact.activityCount === 1 ? 'activity' : 'activities'}
                {contact.version === null ? ' · not on server yet' : ''}
              </IonNote>
            </IonItem>
          ))}
        </IonList>
      )}
    </section>
  );
}
