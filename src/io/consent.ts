/**
 * Which user code a graph would run. A graph opened from a file or a link may
 * carry Function nodes with arbitrary JavaScript; it must not run before the
 * user has seen the code and agreed.
 *
 * Contract: pure (no DOM, no store).
 */
import { type Graph, kindDef } from '../graph/index.ts';

export interface FunctionCode {
  nodeId: string;
  /** The node's label, or its id when it has none. */
  label: string;
  code: string;
}

/** Code that runs nothing of the user's: the pass-through default, or blank. */
const HARMLESS_CODE = /^\s*(return\s+msg\s*;?)?\s*$/;

/**
 * Nodes (Function nodes) whose code is not the default pass-through (`return msg;`,
 * whitespace and the semicolon aside), in node order.
 */
export function functionCode(graph: Pick<Graph, 'nodes'>): FunctionCode[] {
  const out: FunctionCode[] = [];
  for (const node of graph.nodes) {
    const code = kindDef(node.kind).code?.(node.params);
    if (code === undefined || HARMLESS_CODE.test(code)) continue;
    out.push({ nodeId: node.id, label: node.label ?? node.id, code });
  }
  return out;
}

/** True when the graph has user code that needs consent before a run. */
export function needsConsent(graph: Pick<Graph, 'nodes'>): boolean {
  return functionCode(graph).length > 0;
}
