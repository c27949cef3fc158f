import { IonApp, IonContent, IonFooter, IonSegment, IonSegmentButton, IonLabel, IonToolbar } from '@ionic/react';
import { useEffect, useState } from 'react';
import { ContactDetail } from './contact-detail';
import { ContactForm } from './contact-form';
import { ContactsPage } from './contacts-page';
import { useAppServices } from './app-services';
import { followIdMapping } from './navigation';
import type { View } from './navigation';
import { Notices } from './notices';
import { OutboxPage } from './outbox-page';
import { StatusHeader } from './status-header';
import { useOutboxStatus } from './use-outbox';

/** The demo app: status header, Contacts/Outbox navigation, the current screen, the storage note. */
export function App() {
  const { outbox, encrypted, platform } = useAppServices();
  const status = useOutboxStatus(outbox);
  const [view, setView] = useState<View>({ name: 'contacts' });
  useEffect(() => outbox.on('id-mapped', ({ tempId, serverId }) => setView((v) => followIdMapping(v, tempId, serverId))), [outbox]);
  const section = view.name === 'outbox' ? 'outbox' : 'contacts';
  const active = status.pending + status.inFlight + status.failed;

  return (
    <IonApp>
      <StatusHeader />
      <IonContent className="ion-padding">
        <nav aria-label="Sections">
          <IonSegment value={section} onIonChange={(e) => setView(e.detail.value === 'outbox' ? { name: 'outbox' } : { name: 'contacts' })}>
            <IonSegmentButton value="contacts">
              <IonLabel>Contacts</IonLabel>
            </IonSegmentButton>
            <IonSegmentButton value="outbox">
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
