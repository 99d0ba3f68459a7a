/**
 * What approved graph code can reach in the browser. A Function node's code
 * runs inside an engine or prediction worker of the site's own origin; the
 * worker's CSP keeps its fetches on the site (connect-src 'self'). This
 * removes, before any user code is compiled, the storage and channels a
 * worker of this origin would otherwise share with the page: Cache Storage
 * (the offline copy of the app: code could plant a page there), IndexedDB,
 * BroadcastChannel, WebSocket and EventSource, nested workers and the
 * service worker container. Each is deleted from the global scope and from
 * the prototype it lives on, so it cannot be fetched back through a getter.
 *
 * Browser workers only (call first thing in a worker entry).
 */

/** Globals approved code has no business reaching. */
export const LOCKED_GLOBALS = [
  'caches',
  'indexedDB',
  'BroadcastChannel',
  'WebSocket',
  'EventSource',
  'Worker',
  'SharedWorker',
] as const;

/**
 * Deletes the globals above (and `navigator.serviceWorker`) wherever they are
 * defined on the prototype chain of `scope`.
 * @returns the names that were present and are gone now.
 */
export function lockdownWorkerScope(scope: object = globalThis): string[] {
  const removed: string[] = [];
  const strip = (target: object, name: string) => {
    for (let o: object | null = target; o !== null; o = Object.getPrototypeOf(o) as object | null) {
      if (!Object.prototype.hasOwnProperty.call(o, name)) continue;
      if (Reflect.deleteProperty(o, name)) removed.push(name);
      else Object.defineProperty(o, name, { value: undefined, configurable: false });
    }
  };
  for (const name of LOCKED_GLOBALS) strip(scope, name);
  const nav = (scope as { navigator?: object }).navigator;
  if (nav !== undefined) strip(nav, 'serviceWorker');
  return [...new Set(removed)];
}
