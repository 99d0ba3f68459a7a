/**
 * A draggable, keyboard-operable panel separator (WAI-ARIA window splitter).
 * `sign` says whether moving the pointer right/down grows (+1) or shrinks
 * (-1) the panel.
 */
import { type PointerEvent, useRef } from 'react';

export function Splitter({
  label,
  orientation,
  value,
  min,
  max,
  sign,
  onChange,
  className,
}: {
  label: string;
  /** 'vertical' separates columns (drag left/right); 'horizontal' separates rows. */
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: number;
  sign: 1 | -1;
  onChange: (px: number) => void;
  className: string;
}) {
  const start = useRef<{ pointer: number; value: number } | null>(null);
  const clamp = (v: number) => Math.min(max, Math.max(min, Math.round(v)));
  const coord = (e: PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);
  return (
    <div
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className={`splitter ${className}`}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        start.current = { pointer: coord(e), value };
      }}
      onPointerMove={(e) => {
        if (start.current === null) return;
        onChange(clamp(start.current.value + sign * (coord(e) - start.current.pointer)));
      }}
      onPointerUp={() => {
        start.current = null;
      }}
      onKeyDown={(e) => {
        const grow = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
        const shrink = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
        const step = e.shiftKey ? 64 : 16;
        if (e.key === grow) onChange(clamp(value + sign * step));
        else if (e.key === shrink) onChange(clamp(value - sign * step));
        else return;
        e.preventDefault();
      }}
    />
  );
}
