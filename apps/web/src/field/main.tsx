import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startQueue } from './queue';
import './field.css';

// The inspector's phone page (督查员): its own light entry — plain React and a little CSS, no antd.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
startQueue();

// The service worker caches the app shell and answers from the cache when offline (public/field-sw.js).
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker
      .register('/field-sw.js', { scope: '/field' })
      .then(async (reg) => {
        await navigator.serviceWorker.ready;
        // Warm the lazily loaded map chunk while online, then hand the worker everything this page
        // loaded (hashed assets) so that a later offline start finds them.
        await import('./MapScreen').catch(() => undefined);
        const urls = performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((u) => new URL(u).pathname.startsWith('/assets/'));
        (reg.active ?? navigator.serviceWorker.controller)?.postMessage({ type: 'cache', urls: [...urls, location.pathname] });
      })
      .catch(() => undefined);
  });
}
