/**
 * Text for a terminal. Graph documents are untrusted: a name or an id may
 * hold escape sequences (ESC [, OSC 8 …) that recolour, retitle or rewrite a
 * terminal, or bidi controls that reorder what a person reads. Everything the
 * CLI prints that came from a graph goes through `plain`.
 *
 * Pure: no Node imports.
 */

/**
 * C0 controls (but tab and newline), DEL, C1 controls (ESC's 8-bit
 * twins), and the bidi embeddings, overrides and isolates.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` without control characters (each becomes `?`, so nothing hides). */
export function plain(text: string): string {
  return text.replace(UNSAFE, '?');
}

/** A number with `digits` decimals, or "-" when not finite. */
export const fmt = (x: number, digits = 2): string =>
  Number.isFinite(x) ? x.toFixed(digits) : '-';

/** A rate with a k/M suffix: "1.53M", "12.3k", "950.0". */
export const rate = (x: number): string =>
  x >= 1e6 ? `${fmt(x / 1e6)}M` : x >= 1e4 ? `${fmt(x / 1e3, 1)}k` : fmt(x, 1);

/** Rows of cells as a table: the first column left-aligned, the rest right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const safe = rows.map((r) => r.map(plain));
  const widths = safe[0]!.map((_, c) => Math.max(...safe.map((r) => r[c]!.length)));
  return safe
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  '),
    )
    .join('\n');
}
