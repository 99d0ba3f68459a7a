/**
 * The shape of a validation problem and the helpers that word it. Shared by
 * the validator and the migrations (kept apart so neither imports the other).
 *
 * Pure: no DOM, no React, no store.
 */

/** One problem with a document: where (a JSON path such as `nodes[2].params.rate`) and what. */
export interface GraphIssue {
  /** JSON path in the document, `` (empty) for the document itself. */
  path: string;
  /** A plain sentence. */
  message: string;
  /** For text: the offending line and a caret line under the spot (shown monospaced). */
  excerpt?: string;
}

/** `["nodes", 2, "params", "rate"]` → `nodes[2].params.rate`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = String(part);
      out += /^[A-Za-z_$][\w$-]*$/.test(key)
        ? `${out === '' ? '' : '.'}${key}`
        : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/**
 * A short, safe description of a value for "(got …)": long strings and
 * containers are summarised, never copied into the message.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    if (value.length > 40) return `a string of ${value.length} characters`;
    return JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}
