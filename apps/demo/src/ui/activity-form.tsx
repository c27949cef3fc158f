import { IonButton, IonInput } from '@ionic/react';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { isIsoDate } from '../domain/contact';
import { useAppServices } from './app-services';

/** Today as `YYYY-MM-DD` in local time. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Registers an activity (what and when) for one contact. */
export function ActivityForm({ contactId }: { contactId: string }) {
  const { contacts } = useAppServices();
  const [activity, setActivity] = useState('');
  const [date, setDate] = useState(todayIso);
  const [errors, setErrors] = useState<{ activity?: string; date?: string; form?: string }>({});

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found: { activity?: string; date?: string } = {};
    if (activity.trim() === '') found.activity = 'Describe the activity.';
    if (!isIsoDate(date)) found.date = 'Enter a date like 2026-01-31.';
    setErrors(found);
    if (found.activity || found.date) return;
    try {
      await contacts.registerActivity(contactId, activity.trim(), date);
      setActivity('');
    } catch (error) {
      setErrors({ form: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="activity-form-heading" className="activity-form">
      <h2 id="activity-form-heading">Register an activity</h2>
      {errors.form && (
        <p className="error-text" role="alert">
          {errors.form}
        </p>
      )}
      <IonInput
        label="Activity"
        labelPlacement="stacked"
        fill="outline"
        value={activity}
        onIonInput={(e) => setActivity(e.detail.value ?? '')}
        errorText={errors.activity}
        className={errors.activity ? 'ion-invalid ion-touched' : ''}
        placeholder="Call, meeting, email…"
      />
      <IonInput
        label="Date"
        labelPlacement="stacked"
        fill="outline"
        type="date"
        value={date}
        onIonInput={(e) => setDate(e.detail.value ?? '')}
        errorText={errors.date}
        className={errors.date ? 'ion-invalid ion-touched' : ''}
      />
      <IonButton type="submit">Register activity</IonButton>
    </form>
  );
}
