import { render } from 'preact';
import '../styles/app.scss';
import './staff.scss';
import { StaffPage } from './app';

render(<StaffPage />, document.getElementById('app')!);

// The service worker (vite-plugin-pwa's /sw.js) keeps this page's shell on the phone, so it opens in
// a dead zone; its queue of actions waits in IndexedDB (outbox.ts). Only this page registers it.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((error: unknown) => console.warn('service worker not registered: the page works, but will not open offline', error));
}
