/** The application shell: toolbar, palette, canvas, inspector and charts regions. */
import { isolationStatus } from './isolation.ts';

function IsolationBadge() {
  const status = isolationStatus();
  const ok = status.isolated && status.sharedArrayBuffer;
  return (
    <span
      className={`badge ${ok ? 'badge-ok' : 'badge-warn'}`}
      role="status"
      aria-label="Cross-origin isolation"
      data-testid="isolation"
      data-isolated={ok ? 'true' : 'false'}
      title={
        ok
          ? 'SharedArrayBuffer available: runs use shared-memory ring buffers'
          : 'Not cross-origin isolated: runs fall back to postMessage (slower). Serve with COOP/COEP headers.'
      }
    >
      {ok ? 'Isolated · SharedArrayBuffer' : 'Not isolated · postMessage fallback'}
    </span>
  );
}

export function App() {
  return (
    <div className="app">
      <header className="toolbar" role="banner">
        <h1 className="brand">Flowbench</h1>
        <IsolationBadge />
      </header>
      <nav className="palette" aria-label="Node palette" />
      <main className="canvas" aria-label="Canvas" />
      <aside className="inspector" aria-label="Inspector" />
      <section className="charts" aria-label="Charts" />
    </div>
  );
}
