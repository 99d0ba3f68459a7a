/**
 * A modal built on <dialog>: focus trap, Escape to close, a labelled heading;
 * on close, focus goes back to the element that had it when it opened (the
 * button that opened it), or to the canvas when that element is gone.
 */
import { type ReactNode, useEffect, useId, useRef } from 'react';

export function Modal({
  title,
  onClose,
  children,
  actions,
  testId,
  wide = false,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  actions: ReactNode;
  testId: string;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const d = ref.current;
    if (d !== null && !d.open) d.showModal();
    return () => {
      const back =
        opener !== null && opener !== document.body && opener.isConnected
          ? opener
          : document.querySelector<HTMLElement>('.react-flow');
      // After React has removed the dialog (focus would otherwise land on <body>).
      setTimeout(() => back?.focus(), 0);
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`modal${wide ? ' modal-wide' : ''}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {/* Focusable: a long body scrolls by keyboard too. */}
      <div className="modal-body" tabIndex={0}>
        {children}
      </div>
      <div className="modal-actions">{actions}</div>
    </dialog>
  );
}
