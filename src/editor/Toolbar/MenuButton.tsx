/**
 * A toolbar button that opens a menu (WAI-ARIA menu button): the menu
 * closes on a click outside, on Escape (focus back on the button) and after
 * a choice; arrow keys move between items; the first item takes focus when
 * it opens. `children` renders the items, given a `choose` that closes the
 * menu, puts focus back on the button, then runs the action.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';

export function MenuButton({
  label,
  menuLabel,
  testId,
  onOpen,
  wide = false,
  children,
}: {
  /** The button's text ("Examples ▾"). */
  label: string;
  /** The menu's accessible name. */
  menuLabel: string;
  testId?: string;
  /** Called each time the menu opens (e.g. to load its items). */
  onOpen?: () => void;
  /** A wider menu (items with a description line). */
  wide?: boolean;
  children: (choose: (action: () => void) => () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

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
    root.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
  });

  const choose = (action: () => void) => () => {
    setOpen(false);
    // Focus returns to the button first, so a dialog the action opens hands it back there.
    button.current?.focus();
    action();
  };

  const onMenuKey = (e: React.KeyboardEvent) => {
    const items = [
      ...(root.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not(:disabled)') ?? []),
    ];
    const i = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'ArrowDown') items[(i + 1) % items.length]?.focus();
    else if (e.key === 'ArrowUp') items[(i - 1 + items.length) % items.length]?.focus();
    else if (e.key === 'Home') items[0]?.focus();
    else if (e.key === 'End') items[items.length - 1]?.focus();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="menu-root" ref={root}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => {
          if (!open) onOpen?.();
          setOpen((o) => !o);
        }}
        data-testid={testId}
      >
        {label}
      </button>
      {open && (
        <div
          className={`menu${wide ? ' menu-wide' : ''}`}
          role="menu"
          id={menuId}
          aria-label={menuLabel}
          onKeyDown={onMenuKey}
        >
          {children(choose)}
        </div>
      )}
    </div>
  );
}
