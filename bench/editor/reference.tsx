/**
 * The bench:editor reference: a bare React Flow 12 page, as a plain demo
 * would write it (controlled nodes/edges with useNodesState/useEdgesState,
 * default nodes sized like Flowbench's, default bezier edges, no
 * onlyRenderVisibleElements, no minimap). It shows the same nodes, edges and
 * positions as Flowbench, read from the same fixture JSON:
 *
 *   reference.html?graph=examples/large-500.json
 *
 * Not part of the app build: only bench/editor/vite.config.ts builds it.
 */
import {
  type Edge,
  type Node,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';

interface FixtureNode {
  id: string;
  position?: { x: number; y: number };
  kind: string;
}
interface FixtureEdge {
  id: string;
  from: { node: string };
  to: { node: string };
}
interface Fixture {
  nodes: FixtureNode[];
  edges: FixtureEdge[];
}

declare global {
  interface Window {
    __reference?: { ready: boolean; nodes: number; edges: number };
  }
}

/** Close to a Flowbench node at full detail (184 × 64 px). */
const NODE_STYLE = { width: 184, height: 64 };

function Flow({ initialNodes, initialEdges }: { initialNodes: Node[]; initialEdges: Edge[] }) {
  const [nodes, , onNodesChange] = useNodesState(initialNodes);
  const [edges, , onEdgesChange] = useEdgesState(initialEdges);
  useEffect(() => {
    window.__reference = { ready: true, nodes: initialNodes.length, edges: initialEdges.length };
  }, [initialNodes, initialEdges]);
  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      onNodesChange={onNodesChange}
      onEdgesChange={onEdgesChange}
      fitView
      minZoom={0.05}
    />
  );
}

async function main(): Promise<void> {
  const url = new URLSearchParams(location.search).get('graph') ?? 'examples/large-500.json';
  const doc = (await (
    await fetch(new URL(url, new URL('../../', location.href)))
  ).json()) as Fixture;
  const initialNodes: Node[] = doc.nodes.map((n) => ({
    id: n.id,
    position: n.position ?? { x: 0, y: 0 },
    data: { label: `${n.id} · ${n.kind}` },
    style: NODE_STYLE,
  }));
  const initialEdges: Edge[] = doc.edges.map((e) => ({
    id: e.id,
    source: e.from.node,
    target: e.to.node,
  }));
  const root = document.getElementById('root');
  if (root === null) throw new Error('reference.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <ReactFlowProvider>
        <Flow initialNodes={initialNodes} initialEdges={initialEdges} />
      </ReactFlowProvider>
    </StrictMode>,
  );
}

void main();
