import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { ContactsService } from '../domain/contacts-service';
import type { AppOutbox } from '../outbox/app-outbox';

/** Everything the screens use, built by the composition root. */
export interface AppServices {
  /** Atomic local writes plus enqueues, and the data-changed signal (the outbox itself comes from `OutboxProvider`). */
  readonly outbox: AppOutbox;
  readonly contacts: ContactsService;
  /** Whether the local database is encrypted (false on the web). */
  readonly encrypted: boolean;
  /** `web`, `ios` or `android`. */
  readonly platform: string;
  /** How conflicts are settled, in words, for the outbox screen. */
  readonly conflictStrategy: string;
}

const AppServicesContext = createContext<AppServices | null>(null);

/** Provides the app's services to every screen. */
export function AppServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <AppServicesContext.Provider value={services}>{children}</AppServicesContext.Provider>;
}

/** The app's services; throws outside `AppServicesProvider`. */
export function useAppServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('useAppServices must be used inside AppServicesProvider');
  return services;
}
