/**
 * Notices about the site itself, above the editor: a new build is ready
 * (Reload), or the page has no SharedArrayBuffer, so runs use postMessage:
 * what is missing, what it costs (measured by bench:engine) and how to host
 * with headers. Fed by the service worker (service-worker.ts), which reports
 * when it could not make the page cross-origin isolated; a page it is about
 * to reload into isolation shows nothing.
 */
import { useEffect, useState } from 'react';

import { sharedMemoryAvailable } from '../host/browser-env.ts';
import { noSabNotice } from './no-sab.ts';
import { startServiceWorker } from './service-worker.ts';

interface Notices {
  /** Why this page has no SharedArrayBuffer (null: it has, or it may still get it). */
  noSab: string | null;
  update: (() => void) | null;
}

let started = false;
let current: Notices = { noSab: null, update: null };
const listeners = new Set<(n: Notices) => void>();
const publish = (patch: Partial<Notices>) => {
  current = { ...current, ...patch };
  for (const fn of listeners) fn(current);
};

/** The README's Publish section (build-time; empty when the build does not know it). */
const PUBLISH_URL = typeof __FLOWBENCH_PUBLISH_URL__ === 'string' ? __FLOWBENCH_PUBLISH_URL__ : '';

/** Starts the service worker once (built sites), or says at once why there is no SAB (dev). */
function start(): void {
  if (started) return;
  started = true;
  if (globalThis.crossOriginIsolated === true && !sharedMemoryAvailable()) {
    publish({ noSab: 'this browser has no SharedArrayBuffer' });
    return;
  }
  if (!import.meta.env.PROD) {
    if (!sharedMemoryAvailable()) publish({ noSab: 'the server sent no COOP/COEP headers' });
    return;
  }
  void startServiceWorker({
    onIsolationUnavailable: (reason) => publish({ noSab: reason }),
    onUpdateReady: (apply) => publish({ update: apply }),
  });
}

function NoSabNotice({ reason, onDismiss }: { reason: string; onDismiss: () => void }) {
  const text = noSabNotice(reason);
  return (
    <div
      className="site-notice warn"
      role="region"
      aria-label="Runs without SharedArrayBuffer"
      data-testid="notice.no-sab"
    >
      <p>
        <strong>Runs use postMessage.</strong> {text.missing}
      </p>
      <p>{text.cost}</p>
      <p>
        {text.fix}:{' '}
        {PUBLISH_URL !== '' ? (
          <a href={PUBLISH_URL} target="_blank" rel="noreferrer">
            see “Publish” in the README
          </a>
        ) : (
          <>see “Publish” in Flowbench’s README</>
        )}
        .
      </p>
      <button type="button" onClick={onDismiss} aria-label="Dismiss the postMessage notice">
        Dismiss
      </button>
    </div>
  );
}

export function SiteNotices() {
  const [notices, setNotices] = useState(current);
  const [dismissed, setDismissed] = useState(false);
  useEffect(() => {
    listeners.add(setNotices);
    start();
    return () => void listeners.delete(setNotices);
  }, []);
  const noSab = dismissed ? null : notices.noSab;
  if (noSab === null && notices.update === null) return null;
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
      {noSab !== null && <NoSabNotice reason={noSab} onDismiss={() => setDismissed(true)} />}
    </div>
  );
}
