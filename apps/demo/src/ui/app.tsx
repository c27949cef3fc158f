import { IonApp, IonContent, IonFooter, IonSegment, IonSegmentButton, IonLabel, IonToolbar } from '@ionic/react';
import { useState } from 'react';
import { useOutboxEvent, useOutboxStatus } from '@mutation-outbox/react';
import { ContactDetail } from './contact-detail';
import { ContactForm } from './contact-form';
import { ContactsPage } from './contacts-page';
import { useAppServices } from './app-services';
import { followIdMapping } from './navigation';
import type { View } from './navigation';
import { Notices } from './notices';
import { OutboxPage } from './outbox-page';
import { StatusHeader } from './status-header';

/** The demo app: status header, Contacts/Outbox navigation, the current screen, the storage note. */
export function App() {
  const { encrypted, platform } = useAppServices();
  const status = useOutboxStatus();
  const [view, setView] = useState<View>({ name: 'contacts' });
  useOutboxEvent('id:mapped', ({ tempId, serverId }) => setView((v) => followIdMapping(v, tempId, serverId)));
  const section = view.name === 'outbox' ? 'outbox' : 'contacts';
  const active = status.pending + status.inFlight + status.failed;

  return (
    <IonApp>
      <StatusHeader />
      <IonContent className="ion-padding">
        <nav aria-label="Sections">
          {/* onClick, not onIonChange: choosing the current section again returns to its first screen. */}
          <IonSegment value={section}>
            <IonSegmentButton value="contacts" onClick={() => setView({ name: 'contacts' })}>
              <IonLabel>Contacts</IonLabel>
            </IonSegmentButton>
            <IonSegmentButton value="outbox" onClick={() => setView({ name: 'outbox' })}>
              <IonLabel>Outbox ({active})</IonLabel>
            </IonSegmentButton>
          </IonSegment>
        </nav>
        <Notices />
        <main>
          {view.name === 'contacts' && <ContactsPage navigate={setView} />}
          {view.name === 'contact' && <ContactDetail id={view.id} navigate={setView} />}
          {view.name === 'new-contact' && <ContactForm navigate={setView} />}
          {view.name === 'edit-contact' && <ContactForm id={view.id} navigate={setView} />}
          {view.name === 'outbox' && <OutboxPage />}
        </main>
      </IonContent>
      <IonFooter>
        <IonToolbar>
          <p className="storage-note" data-testid="storage-note">
            {encrypted
              ? `Data on this device is encrypted (SQLCipher, ${platform}).`
              : 'Data on this device is NOT encrypted: the web build stores it in the browser (IndexedDB) without encryption. On iOS and Android it is encrypted.'}
          </p>
        </IonToolbar>
      </IonFooter>
    </IonApp>
  );
}
