/* global self, caches */
// Service worker of the inspector's phone page, registered with scope /field (served no-cache).
// - App shell: /field (network first, cache fallback) and /assets/* (hashed, immutable: cache
//   first). The page posts the asset URLs it loaded, so the first visit is enough to work offline.
// - Team data: GET /api/inspections/field, /api/units/geojson and /api/auth/me are network first
//   with a cached fallback (the page keeps its own copy in IndexedDB as well).
// - Writes are never cached or replayed here: the page's IndexedDB queue owns them (idempotent keys).
const VERSION = 'cw-field-v1';
const SHELL = ['/field'];
const DATA = ['/api/inspections/field', '/api/units/geojson', '/api/auth/me'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(VERSION)
      .then((c) => c.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('cw-field-') && k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'cache' && Array.isArray(event.data.urls)) {
    const urls = event.data.urls.filter((u) => typeof u === 'string' && new URL(u, self.location.origin).origin === self.location.origin);
    event.waitUntil(caches.open(VERSION).then((c) => Promise.all(urls.map((u) => c.match(u).then((hit) => hit || c.add(u).catch(() => undefined))))));
  }
});

async function networkFirst(request, cacheKey) {
  const cache = await caches.open(VERSION);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(cacheKey || request, response.clone());
    return response;
  } catch (err) {
    const hit = await cache.match(cacheKey || request);
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(VERSION);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && url.pathname.startsWith('/field')) {
    event.respondWith(networkFirst(request, '/field'));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (DATA.includes(url.pathname)) {
    event.respondWith(
      networkFirst(request).catch(
        () =>
          new Response(JSON.stringify({ error: { code: 'network', message: 'offline' } }), { status: 503, headers: { 'content-type': 'application/json' } }),
      ),
    );
  }
});
