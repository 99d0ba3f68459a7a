/**
 * Flowbench's service worker, for static hosts that cannot set headers
 * (GitHub Pages) and for working offline:
 *
 * - Isolation: it adds the cross-origin isolation headers (and the site's
 *   other security headers, scripts/http-headers.ts) to the app's own
 *   responses, so the page becomes cross-origin isolated after one reload
 *   (the page does that reload, once; see src/app/service-worker.ts).
 * - Offline: at install it caches every file of this build (the list and the
 *   build's version are written into this file at build time), and serves
 *   them cache-first; a navigation gets this build's index.html. A new build
 *   installs beside the old one and waits: the page says an update is ready,
 *   and on the person's word this worker steps down and the page reloads, so
 *   old and new chunks never mix. Old caches are deleted on activation.
 *
 * Works under any sub-path: every URL is relative to the registration scope.
 * Built by the `flowbench-sw` plugin in vite.config.ts (esbuild, one file).
 */
/// <reference lib="webworker" />

/** Files of this build, relative to the scope (build-time constant). */
declare const __FLOWBENCH_PRECACHE__: string[];
/** This build's version (build-time constant). */
declare const __FLOWBENCH_VERSION__: string;
/** Headers for every response, and the extra ones of worker scripts (build-time constants). */
declare const __FLOWBENCH_HEADERS__: Record<string, string>;
declare const __FLOWBENCH_WORKER_HEADERS__: Record<string, string>;
declare const __FLOWBENCH_WORKER_DIR__: string;

const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE_PREFIX = 'flowbench-';
const CACHE = `${CACHE_PREFIX}${__FLOWBENCH_VERSION__}`;
const scope = new URL(sw.registration.scope);
const INDEX = new URL('./index.html', scope).href;
const precached = new Set(__FLOWBENCH_PRECACHE__.map((f) => new URL(f, scope).href));

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // `reload`: straight from the network, never from the HTTP cache of an older build.
      await cache.addAll([...precached].map((url) => new Request(url, { cache: 'reload' })));
      // The first install has nothing to replace: take over at once.
      if (sw.registration.active === null) await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys())
        if (key.startsWith(CACHE_PREFIX) && key !== CACHE) await caches.delete(key);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (event) => {
  if (event.data === 'flowbench:skip-waiting') void sw.skipWaiting();
  if (event.data === 'flowbench:version')
    event.source?.postMessage({ type: 'flowbench:version', version: __FLOWBENCH_VERSION__ });
});

/** `response` with the site's headers added (its body streamed through). */
function withHeaders(response: Response, url: string): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0)
    return response;
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(__FLOWBENCH_HEADERS__)) headers.set(k, v);
  if (new URL(url).pathname.includes(`/${__FLOWBENCH_WORKER_DIR__}/`))
    for (const [k, v] of Object.entries(__FLOWBENCH_WORKER_HEADERS__)) headers.append(k, v);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.href.startsWith(scope.href)) return;
  event.respondWith(
    (async () => {
      const key = request.mode === 'navigate' ? INDEX : url.href.split('#')[0]!;
      const known = request.mode === 'navigate' || precached.has(key);
      if (known) {
        // caches.match, not caches.open: a worker that is being replaced must not
        // re-create the cache its successor has just deleted.
        const hit = await caches.match(key, {
          cacheName: CACHE,
          ignoreSearch: request.mode === 'navigate',
        });
        if (hit !== undefined) return withHeaders(hit, key);
      }
      try {
        return withHeaders(await fetch(request), url.href);
      } catch {
        // Offline and not cached: the browser's own error.
        return Response.error();
      }
    })(),
  );
});
