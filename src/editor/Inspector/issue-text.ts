/**
 * Validation issues (paths like `nodes[3]`, ids in quotes) as sentences a
 * person reads: the node or edge named by its label, and which element the
 * "Show" link should select.
 *
 * Pure: data in, data out.
 */
import type { Graph, GraphIssue } from '../../graph/index.ts';
import { kindDef } from '../../graph/index.ts';
import { displayName } from '../../graph/ops.ts';

export interface IssueSentence {
  text: string;
  /** The element the issue is about, to select and centre ("Show"). */
  nodeId?: string;
  edgeId?: string;
}

const sentence = (s: string) => {
  const t = s.trim().replace(/"([^"]*)"/g, '“$1”');
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}`;
};

/** An issue as a sentence, naming the node or edge its path points at. */
export function issueSentence(
  graph: Pick<Graph, 'nodes' | 'edges'>,
  issue: GraphIssue,
): IssueSentence {
  const m = /^(nodes|edges)\[(\d+)\]/.exec(issue.path);
  const names = new Map(graph.nodes.map((n) => [n.id, displayName(n)]));
  // Ids in the message read as the labels people gave them.
  const named = issue.message.replace(/"([^"]+)"/g, (q, id: string) =>
    names.has(id) ? `“${names.get(id)!}”` : q,
  );
  if (m?.[1] === 'nodes') {
    const node = graph.nodes[Number(m[2])];
    if (node !== undefined) {
      const mentioned = issue.message.includes(JSON.stringify(node.id));
      const text = mentioned
        ? sentence(named)
        : `${kindDef(node.kind).label} “${displayName(node)}”: ${sentence(named)}`;
      return { text, nodeId: node.id };
    }
  }
  if (m?.[1] === 'edges') {
    const edge = graph.edges[Number(m[2])];
    if (edge !== undefined) {
      const from = names.get(edge.from.node) ?? edge.from.node;
      const to = names.get(edge.to.node) ?? edge.to.node;
      return { text: `Connection ${from} → ${to}: ${sentence(named)}`, edgeId: edge.id };
    }
  }
  return { text: sentence(named) };
}
