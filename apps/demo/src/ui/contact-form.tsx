import { IonButton, IonInput, IonTextarea } from '@ionic/react';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { normaliseContactInput } from '../domain/contact';
import type { ContactFields } from '../domain/contact';
import { useAppServices } from './app-services';
import type { Navigate } from './navigation';
import { PageHeading } from './page-heading';

type FormValues = Record<'name' | 'email' | 'phone' | 'notes', string>;

const EMPTY: FormValues = { name: '', email: '', phone: '', notes: '' };

/** Creates a contact (no `id`) or edits one; editing also offers Delete. */
export function ContactForm({ id, navigate }: { id?: string; navigate: Navigate }) {
  const { contacts } = useAppServices();
  const [values, setValues] = useState<FormValues | null>(id === undefined ? EMPTY : null);
  const [errors, setErrors] = useState<Partial<Record<keyof ContactFields, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (id === undefined) return;
    void contacts.getContact(id).then((contact) =>
      contact
        ? setValues({ name: contact.name, email: contact.email ?? '', phone: contact.phone ?? '', notes: contact.notes ?? '' })
        : setFailure('This contact no longer exists on this device.'),
    );
  }, [contacts, id]);

  const set = (key: keyof FormValues) => (value: string | null | undefined) => setValues((v) => (v ? { ...v, [key]: value ?? '' } : v));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!values) return;
    const { fields, errors: found } = normaliseContactInput(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      if (id === undefined) navigate({ name: 'contact', id: await contacts.createContact(fields) });
      else {
        await contacts.updateContact(id, fields);
        navigate({ name: 'contact', id });
      }
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  }

  async function remove() {
    if (id === undefined || !window.confirm('Delete this contact and its activities?')) return;
    try {
      await contacts.deleteContact(id);
      navigate({ name: 'contacts' });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <section>
      <PageHeading>{id === undefined ? 'New contact' : 'Edit contact'}</PageHeading>
      {failure && (
        <p className="error-text" role="alert">
          {failure}
        </p>
      )}
      {values && (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <IonInput
            label="Name (required)"
            labelPlacement="stacked"
            fill="outline"
            value={values.name}
            onIonInput={(e) => set('name')(e.detail.value)}
            errorText={errors.name}
            className={errors.name ? 'ion-invalid ion-touched' : ''}
            required
            autocomplete="name"
          />
          <IonInput label="Email" labelPlacement="stacked" fill="outline" type="email" value={values.email} onIonInput={(e) => set('email')(e.detail.value)} autocomplete="email" />
          <IonInput label="Phone" labelPlacement="stacked" fill="outline" type="tel" value={values.phone} onIonInput={(e) => set('phone')(e.detail.value)} autocomplete="tel" />
          <IonTextarea label="Notes" aria-label="Notes" labelPlacement="stacked" fill="outline" value={values.notes} onIonInput={(e) => set('notes')(e.detail.value)} autoGrow />
          <div className="form-actions">
            <IonButton type="submit">Save</IonButton>
            <IonButton fill="outline" onClick={() => navigate(id === undefined ? { name: 'contacts' } : { name: 'contact', id })}>
              Cancel
            </IonButton>
            {id !== undefined && (
              <IonButton color="danger" fill="outline" onClick={() => void remove()}>
                Delete contact
              </IonButton>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
