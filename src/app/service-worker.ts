/**
 * The page's side of the service worker (src/sw/sw.ts): registers it in
 * built sites, reloads once when that makes the page cross-origin isolated
 * (a host that sends no COOP/COEP headers), says so when even that fails,
 * and tells the app when a new build is ready to take over.
 *
 * Loop guard: the one reload is remembered in sessionStorage; a page that is
 * still not isolated after it reports failure instead of reloading again.
 */

/** sessionStorage key: set just before the isolation reload. */
const RELOADED_KEY = 'flowbench.isolationReload';

/** A registered worker that has not taken control by then is reported (ms). */
const CONTROL_TIMEOUT_MS = 15_000;

export interface ServiceWorkerHooks {
  /** The service worker could not make this page isolated (or is not allowed): say why. */
  onIsolationUnavailable(reason: string): void;
  /** A new build is installed and waiting; `apply` switches to it (and reloads). */
  onUpdateReady(apply: () => void): void;
}

function session(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

/** Registers the worker and follows it. Does nothing in dev or without service workers. */
export async function startServiceWorker(hooks: ServiceWorkerHooks): Promise<void> {
  const isolated = globalThis.crossOriginIsolated === true;
  if (!('serviceWorker' in navigator)) {
    if (!isolated)
      hooks.onIsolationUnavailable('this browser has no service workers (or they are blocked)');
    return;
  }
  if (!isSecureContext) {
    if (!isolated) hooks.onIsolationUnavailable('the page is not served over HTTPS');
    return;
  }
  const store = session();
  if (isolated) store?.removeItem(RELOADED_KEY);
  let registration: ServiceWorkerRegistration | undefined;
  try {
    registration = await navigator.serviceWorker.register('./sw.js', { scope: './' });
  } catch (err) {
    if (!isolated)
      hooks.onIsolationUnavailable(
        `the service worker could not be registered (${err instanceof Error ? err.message : String(err)})`,
      );
    return;
  }
  // A blocked registration (a policy, an extension, a test harness) may
  // resolve with nothing instead of rejecting.
  if (typeof registration !== 'object' || registration === null) {
    if (!isolated) hooks.onIsolationUnavailable('service workers are blocked in this browser');
    return;
  }

  // Isolation: once a worker controls the page, one reload brings the headers.
  if (!isolated) {
    // A worker that never takes control (its install failed) must not leave the page silent.
    const stalled = setTimeout(() => {
      if (navigator.serviceWorker.controller === null)
        hooks.onIsolationUnavailable('the service worker did not take control of the page');
    }, CONTROL_TIMEOUT_MS);
    const reloadOnce = () => {
      clearTimeout(stalled);
      if (store?.getItem(RELOADED_KEY) === '1') {
        hooks.onIsolationUnavailable(
          'the service worker is active but the browser did not isolate the page',
        );
        return;
      }
      store?.setItem(RELOADED_KEY, '1');
      location.reload();
    };
    if (navigator.serviceWorker.controller !== null) reloadOnce();
    else navigator.serviceWorker.addEventListener('controllerchange', reloadOnce, { once: true });
  }

  // Updates: a new build waits until the person says so.
  let switching = false;
  const offer = (worker: ServiceWorker) =>
    hooks.onUpdateReady(() => {
      switching = true;
      worker.postMessage('flowbench:skip-waiting');
    });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (switching) location.reload();
  });
  if (registration.waiting !== null && navigator.serviceWorker.controller !== null)
    offer(registration.waiting);
  registration.addEventListener('updatefound', () => {
    const installing = registration.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed' && navigator.serviceWorker.controller !== null)
        offer(installing);
    });
  });
}
