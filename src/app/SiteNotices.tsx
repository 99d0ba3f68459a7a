/**
 * Notices about the site itself, above the editor: a new build is ready
 * (Reload), or the page could not become cross-origin isolated (and what
 * that means). Fed by the service worker (service-worker.ts).
 */
import { useEffect, useState } from 'react';

import { startServiceWorker } from './service-worker.ts';

interface Notices {
  isolation: string | null;
  update: (() => void) | null;
}

let started = false;
let current: Notices = { isolation: null, update: null };
const listeners = new Set<(n: Notices) => void>();
const publish = (patch: Partial<Notices>) => {
  current = { ...current, ...patch };
  for (const fn of listeners) fn(current);
};

/** Starts the service worker once (built sites only). */
function start(): void {
  if (started || !import.meta.env.PROD) return;
  started = true;
  void startServiceWorker({
    onIsolationUnavailable: (reason) => publish({ isolation: reason }),
    onUpdateReady: (apply) => publish({ update: apply }),
  });
}

export function SiteNotices() {
  const [notices, setNotices] = useState(current);
  useEffect(() => {
    listeners.add(setNotices);
    start();
    return () => void listeners.delete(setNotices);
  }, []);
  if (notices.isolation === null && notices.update === null) return null;
  return (
    <div className="site-notices">
      {notices.update !== null && (
        <div className="site-notice" role="status" aria-label="Update ready">
          A new version of Flowbench is ready.{' '}
          <button type="button" onClick={notices.update}>
            Reload to update
          </button>
        </div>
      )}
      {notices.isolation !== null && (
        <div className="site-notice warn" role="status" aria-label="Isolation unavailable">
          This page is not cross-origin isolated: {notices.isolation}.
        </div>
      )}
    </div>
  );
}
