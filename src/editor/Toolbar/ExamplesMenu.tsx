/** "Examples" menu button: lists public/examples/index.json and opens the chosen graph. */
import { useEffect, useId, useRef, useState } from 'react';

import { type ExampleEntry, listExamples, openExample } from '../documents.ts';

export function ExamplesMenu() {
  const [open, setOpen] = useState(false);
  const [examples, setExamples] = useState<ExampleEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (root.current !== null && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open, examples]);

  const toggle = () => {
    setOpen((o) => !o);
    if (examples === null) {
      listExamples().then(setExamples, (err: unknown) => setError(String(err)));
    }
  };

  const onMenuKey = (e: React.KeyboardEvent) => {
    const items = [...(root.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      setOpen(false);
      root.current?.querySelector<HTMLElement>('button')?.focus();
    } else if (e.key === 'ArrowDown') items[(i + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(i - 1 + items.length) % items.length]?.focus();
    else return;
    e.preventDefault();
  };

  return (
    <div className="menu-root" ref={root}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={toggle}
        data-testid="toolbar.examples"
      >
        Examples ▾
      </button>
      {open && (
        <div className="menu" role="menu" id={menuId} aria-label="Examples" onKeyDown={onMenuKey}>
          {error !== null && <div className="menu-note">Could not list examples: {error}</div>}
          {examples === null && error === null && <div className="menu-note">Loading…</div>}
          {examples?.map((ex) => (
            <button
              key={ex.file}
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={() => {
                setOpen(false);
                void openExample(ex.file);
              }}
            >
              <span className="menu-item-name">{ex.name}</span>
              <span className="menu-item-desc">{ex.description}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
