/** Renders the dialog the ui slice asks for (one at a time). */
import { useAppStore } from '../../store/index.ts';
import { newGraph, openExample, openGraph } from '../documents.ts';
import { Modal } from './Modal.tsx';
import { SweepDialog } from './SweepDialog.tsx';
import { SHORTCUTS } from './shortcuts.ts';

export function Dialogs() {
  const dialog = useAppStore((s) => s.dialog);
  const close = () => useAppStore.getState().closeDialog();
  if (dialog === null) return null;
  switch (dialog.type) {
    case 'shortcuts':
      return (
        <Modal
          title="Keyboard shortcuts"
          onClose={close}
          testId="dialog.shortcuts"
          actions={
            <button type="button" onClick={close} autoFocus>
              Close
            </button>
          }
        >
          <table className="shortcuts">
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.action}>
                  <td>
                    {s.keys.map((k, i) => (
                      <span key={k}>
                        {i > 0 && ' or '}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </td>
                  <td>{s.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Modal>
      );
    case 'import-errors':
      return (
        <Modal
          title={dialog.title}
          onClose={close}
          testId="dialog.import-errors"
          wide
          actions={
            <button type="button" onClick={close} autoFocus>
              Close
            </button>
          }
        >
          <p>{dialog.subject ?? 'It'} was not opened; the current graph is unchanged.</p>
          <ul className="issues" aria-label="Errors">
            {dialog.errors.map((e, i) => (
              <li key={i}>
                <code>{e.path === '' ? '(document)' : e.path}</code> {e.message}
                {e.excerpt !== undefined && <pre className="excerpt">{e.excerpt}</pre>}
              </li>
            ))}
          </ul>
        </Modal>
      );
    case 'consent':
      return (
        <Modal
          title="This graph contains code"
          onClose={close}
          testId="dialog.consent"
          wide
          actions={
            <>
              <button type="button" onClick={close} autoFocus>
                Not now
              </button>
              <button
                type="button"
                className="primary"
                onClick={() => {
                  const s = useAppStore.getState();
                  // Exactly the code shown here, whatever the graph holds by now.
                  s.approveCode(dialog.functions.map((f) => f.digest));
                  s.closeDialog();
                }}
              >
                Allow this code to run
              </button>
            </>
          }
        >
          <p>
            {dialog.functions.length} Function node
            {dialog.functions.length === 1 ? ' has' : 's have'} JavaScript you have not approved. It
            runs inside a worker and can use the network. Read it before allowing it; until then the
            graph cannot run or be predicted. Approval is for this exact code: any change asks
            again.
          </p>
          {dialog.functions.map((f) => (
            <figure key={f.nodeId} className="code-review">
              <figcaption>
                {f.label === f.nodeId ? (
                  <code>{f.nodeId}</code>
                ) : (
                  <>
                    {f.label} <code>{f.nodeId}</code>
                  </>
                )}
              </figcaption>
              <pre>
                <code>{f.code}</code>
              </pre>
            </figure>
          ))}
        </Modal>
      );
    case 'confirm-share':
      return (
        <Modal
          title="Open the shared graph?"
          onClose={close}
          testId="dialog.confirm-share"
          actions={
            <>
              <button type="button" onClick={close} autoFocus>
                Keep current graph
              </button>
              <button
                type="button"
                className="primary"
                onClick={() => {
                  close();
                  openGraph(dialog.graph, 'link', { warnings: dialog.warnings });
                }}
              >
                Open shared graph
              </button>
            </>
          }
        >
          <p>
            The link carries “{dialog.graph.name}” ({dialog.graph.nodes.length} nodes). The current
            graph has unsaved changes; opening the link replaces it (Undo brings it back).
          </p>
        </Modal>
      );
    case 'confirm-discard': {
      const next = dialog.next;
      const what = next.type === 'new' ? 'a new graph' : `the example “${next.name}”`;
      return (
        <Modal
          title="Discard unsaved changes?"
          onClose={close}
          testId="dialog.confirm-discard"
          actions={
            <>
              <button type="button" onClick={close} autoFocus>
                Keep editing
              </button>
              <button
                type="button"
                className="primary"
                onClick={() => {
                  close();
                  if (next.type === 'new') newGraph();
                  else void openExample(next.file);
                }}
              >
                {next.type === 'new' ? 'Discard and start new' : 'Discard and open example'}
              </button>
            </>
          }
        >
          <p>
            “{useAppStore.getState().graph.name}” has changes you have not exported. Opening {what}{' '}
            replaces it; Undo brings it back while this page stays open, and Export JSON (under
            More) keeps a copy.
          </p>
        </Modal>
      );
    }
    case 'sweep':
      return <SweepDialog path={dialog.path} label={dialog.label} current={dialog.current} />;
    case 'share':
      return (
        <Modal
          title="Share link"
          onClose={close}
          testId="dialog.share"
          wide
          actions={
            <button type="button" onClick={close} autoFocus>
              Close
            </button>
          }
        >
          <p role="status">
            {dialog.copied
              ? 'Copied to the clipboard. The link carries the whole graph.'
              : 'Copy this link; it carries the whole graph.'}
          </p>
          <input
            className="share-url"
            type="text"
            readOnly
            value={dialog.url}
            aria-label="Share URL"
            onFocus={(e) => e.target.select()}
          />
        </Modal>
      );
  }
}
