/**
 * Text of a file (or a link) → a validated graph, whichever of the two
 * formats it is: a Flowbench document (has `format`) or an FBP/NoFlo JSON
 * graph (has `processes` or `connections`).
 *
 * Contract: pure (no DOM, no store); never throws. A failed import returns
 * errors and nothing else, so the caller can leave the open graph unchanged.
 */
import {
  describeValue,
  type Graph,
  type GraphIssue,
  MAX_DOCUMENT_CHARS,
  parseGraph,
} from '../graph/index.ts';
import { fbpToGraph } from './fbp/index.ts';

export type ImportResult =
  | {
      ok: true;
      graph: Graph;
      format: 'flowbench' | 'fbp';
      /** Allowed but worth saying: unconnected ports, cycles. */
      warnings: GraphIssue[];
      /** What the import did: "Migrated from version 0 …", FBP approximations. */
      notes: string[];
    }
  | { ok: false; errors: GraphIssue[] };

const fail = (path: string, message: string): ImportResult => ({
  ok: false,
  errors: [{ path, message }],
});

/**
 * Imports an already parsed JSON value (see `importGraphText`).
 * Never throws.
 */
export function importGraphValue(value: unknown): ImportResult {
  try {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return fail('', `must be a JSON object (got ${describeValue(value)})`);
    }
    const doc = value as Record<string, unknown>;
    if (Object.hasOwn(doc, 'format')) {
      const r = parseGraph(doc);
      if (!r.ok) return r;
      const notes =
        r.migratedFrom === undefined
          ? []
          : [`Migrated from graph format version ${r.migratedFrom} to ${r.graph.version}.`];
      return { ok: true, graph: r.graph, format: 'flowbench', warnings: r.warnings, notes };
    }
    if (Object.hasOwn(doc, 'processes') || Object.hasOwn(doc, 'connections')) {
      const r = fbpToGraph(doc);
      if (!r.ok) return r;
      // fbpToGraph validated the graph; run it once more for the warnings.
      const checked = parseGraph(r.graph);
      if (!checked.ok) return checked;
      return {
        ok: true,
        graph: r.graph,
        format: 'fbp',
        warnings: checked.warnings,
        // `format` already says it came from FBP; notes are the approximations only.
        notes: r.approximations,
      };
    }
    return fail(
      '',
      'is neither a Flowbench graph (no "format" field) nor an FBP/NoFlo graph (no "processes" or "connections")',
    );
  } catch (err) {
    return fail('', `could not be imported: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Parses the text of a graph file: a Flowbench document or an FBP/NoFlo JSON
 * graph. A leading byte-order mark is ignored.
 * Never throws.
 * @example
 * const r = importGraphText(await file.text());
 * if (r.ok) openGraph(r.graph, r.notes); else showErrors(r.errors);
 */
export function importGraphText(text: string): ImportResult {
  if (typeof text !== 'string') return fail('', `must be text (got ${describeValue(text)})`);
  if (text.length > MAX_DOCUMENT_CHARS) {
    return fail(
      '',
      `document is too large (${text.length} characters; the limit is ${MAX_DOCUMENT_CHARS})`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return fail('', `is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  return importGraphValue(value);
}
