import { setupIonicReact } from '@ionic/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@ionic/react/css/core.css';
import '@ionic/react/css/normalize.css';
import '@ionic/react/css/structure.css';
import '@ionic/react/css/typography.css';
import '@ionic/react/css/padding.css';
import './ui/app.css';
import { OutboxProvider } from '@mutation-outbox/react';
import { startApp } from './bootstrap/create-app-services';
import { App } from './ui/app';
import { AppServicesProvider } from './ui/app-services';

setupIonicReact({ mode: 'md' });

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
const root = createRoot(container);
root.render(<p className="boot-message">Opening the local database…</p>);

startApp().then(
  ({ outbox, services }) => {
    document.body.dataset['ready'] = 'true';
    root.render(
      <StrictMode>
        <OutboxProvider outbox={outbox}>
          <AppServicesProvider services={services}>
            <App />
          </AppServicesProvider>
        </OutboxProvider>
      </StrictMode>,
    );
  },
  (error: unknown) => {
    console.error(error);
    root.render(
      <div role="alert" className="boot-message">
        <h1>The app could not start</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </div>,
    );
  },
);

// The built app caches its shell so that it starts offline (see offline-shell-plugin.ts).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('Service worker not registered', error));
}
