/**
 * The graph canvas (React Flow). The store's graph document is the source of
 * truth; React Flow gets nodes and edges mapped from it (cached per element)
 * and reports changes back, which become store verbs. Drag frames only touch
 * this component's `dragPositions` state (not the store: no undo history,
 * autosave, validation or store subscribers per frame); the drop commits one
 * undo step.
 */
import {
  Background,
  BackgroundVariant,
  type Connection,
  ConnectionMode,
  Controls,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type OnBeforeDelete,
  ReactFlow,
  useReactFlow,
  useStore as useFlowStore,
  useStoreApi,
} from '@xyflow/react';
import {
  type DragEvent,
  type KeyboardEvent,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useShallow } from 'zustand/react/shallow';

import { nodeKinds, type NodeKind } from '../../graph/index.ts';
import {
  createEdgeMapper,
  createNodeMapper,
  type FlowEdgeType,
  type FlowNodeType,
  type Size,
} from './flow-mapping.ts';
import { checkConnection, connectionToNode, displayName, type XY } from '../../graph/ops.ts';
import { useAppStore } from '../../store/index.ts';
import { holdLiveOverlay, useLiveStore } from '../../store/live-store.ts';
import { importFile } from '../documents.ts';
import { FlowNode } from '../nodes/FlowNode.tsx';
import { FlowEdge, LiveActiveContext } from '../overlays/LiveOverlays.tsx';
import { DetailContext, detailLevel } from '../nodes/lod.ts';
import { CANVAS_ELEMENT_ID, KIND_MIME, NODE_SIZE_PX } from './view.ts';

const nodeTypes = { flow: FlowNode };
/** The default edge plus the live queue-fill overlay. */
const edgeTypes = { default: FlowEdge };
const SNAP_GRID: [number, number] = [16, 16];
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const PAN_BUTTONS = [1, 2];
const PRO_OPTIONS = { hideAttribution: true };
const holdOverlay = () => holdLiveOverlay(true);
const releaseOverlay = () => holdLiveOverlay(false);
const FIT_VIEW_OPTIONS = { padding: 0.2, maxZoom: 1.25 };

const isKind = (k: string): k is NodeKind => (nodeKinds as readonly string[]).includes(k);

/** The id of the canvas node under a client point, if any. */
function nodeAt(x: number, y: number): string | undefined {
  for (const el of document.elementsFromPoint(x, y)) {
    const n = el.closest<HTMLElement>('.react-flow__node');
    if (n !== null) return n.dataset.id;
  }
  return undefined;
}

function clientPoint(e: MouseEvent | TouchEvent): { x: number; y: number } | undefined {
  if ('changedTouches' in e) {
    const t = e.changedTouches[0];
    return t === undefined ? undefined : { x: t.clientX, y: t.clientY };
  }
  return { x: e.clientX, y: e.clientY };
}

/** Delete or Backspace on a focused node or edge removes it when nothing is selected. */
function onCanvasKeyDown(e: KeyboardEvent) {
  if (e.key !== 'Delete' && e.key !== 'Backspace') return;
  const el = e.target as HTMLElement;
  const node = el.closest<HTMLElement>('.react-flow__node');
  const edge = node === null ? el.closest<SVGElement>('.react-flow__edge') : null;
  const id = node?.dataset.id ?? edge?.dataset.id ?? edge?.getAttribute('data-id') ?? undefined;
  if (id === undefined) return;
  const s = useAppStore.getState();
  // With a selection, Delete removes the selection (React Flow does it).
  if (s.selectedNodeIds.length > 0 || s.selectedEdgeIds.length > 0) return;
  e.preventDefault();
  if (node !== null) s.removeElements([id], []);
  else s.removeElements([], [id]);
  document.getElementById(CANVAS_ELEMENT_ID)?.querySelector<HTMLElement>('.react-flow')?.focus();
}

export function Canvas() {
  const rf = useReactFlow<FlowNodeType, FlowEdgeType>();
  const { graphNodes, graphEdges, selectedNodeIds, selectedEdgeIds, measured, snap } = useAppStore(
    useShallow((s) => ({
      graphNodes: s.graph.nodes,
      graphEdges: s.graph.edges,
      selectedNodeIds: s.selectedNodeIds,
      selectedEdgeIds: s.selectedEdgeIds,
      measured: s.measured,
      snap: s.snapToGrid,
    })),
  );
  const fitViewSeq = useAppStore((s) => s.fitViewSeq);
  const detail = useFlowStore((s) => detailLevel(s.transform[2]));
  const lowDetail = detail === 'low';
  // One subscription for the whole canvas: edges and nodes subscribe to their
  // own live entries only while a run is live.
  const liveActive = useLiveStore((s) => s.active);
  // A drag cut short by unmounting (a document switch) must not keep the overlay held.
  useEffect(() => releaseOverlay, []);

  // The zoom as a CSS variable, so compact text can keep its on-screen size
  // without re-rendering anything: a style write per zoom frame.
  const flowStore = useStoreApi<FlowNodeType, FlowEdgeType>();
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let last = NaN;
    const apply = (zoom: number) => {
      if (zoom === last) return;
      last = zoom;
      root.current?.style.setProperty('--zoom', String(zoom));
    };
    apply(flowStore.getState().transform[2]);
    return flowStore.subscribe((s) => apply(s.transform[2]));
  }, [flowStore]);

  const [dragPositions, setDragPositions] = useState<Readonly<Record<string, XY>> | null>(null);
  const [mapNodes] = useState(createNodeMapper);
  const [mapEdges] = useState(createEdgeMapper);
  const selectedNodes = useMemo(() => new Set(selectedNodeIds), [selectedNodeIds]);
  const selectedEdges = useMemo(() => new Set(selectedEdgeIds), [selectedEdgeIds]);
  const nodes = useMemo(
    () => mapNodes(graphNodes, selectedNodes, dragPositions, measured),
    [mapNodes, graphNodes, selectedNodes, dragPositions, measured],
  );
  const labels = useMemo(
    () => new Map(graphNodes.map((n) => [n.id, displayName(n)])),
    [graphNodes],
  );
  const edges = useMemo(
    () => mapEdges(graphEdges, selectedEdges, labels),
    [mapEdges, graphEdges, selectedEdges, labels],
  );

  useEffect(() => {
    if (fitViewSeq === 0) return;
    // React Flow queues a fitView until nodes are measured: with no nodes it
    // would fire on the first node added later and jump the view. Skip it.
    if (useAppStore.getState().graph.nodes.length === 0) return;
    // Wait a frame so freshly loaded nodes are measured before fitting.
    const id = requestAnimationFrame(() => void rf.fitView(FIT_VIEW_OPTIONS));
    return () => cancelAnimationFrame(id);
  }, [fitViewSeq, rf]);

  const onNodesChange = useCallback((changes: NodeChange<FlowNodeType>[]) => {
    const s = useAppStore.getState();
    let drag: Map<string, XY> | null = null;
    let commit: Map<string, XY> | null = null;
    let sizes: Record<string, Size> | null = null;
    let selection: Set<string> | null = null;
    for (const c of changes) {
      if (c.type === 'position' && c.position !== undefined) {
        if (c.dragging === true) (drag ??= new Map()).set(c.id, c.position);
        else (commit ??= new Map()).set(c.id, c.position);
      } else if (c.type === 'dimensions' && c.dimensions !== undefined) {
        const prev = s.measured[c.id];
        if (prev?.width !== c.dimensions.width || prev.height !== c.dimensions.height) {
          (sizes ??= { ...s.measured })[c.id] = c.dimensions;
        }
      } else if (c.type === 'select') {
        selection ??= new Set(s.selectedNodeIds);
        if (c.selected) selection.add(c.id);
        else selection.delete(c.id);
      }
      // 'remove' is handled once, for nodes and edges together, in onDelete.
    }
    if (sizes !== null) s.setMeasured(sizes);
    if (selection !== null) s.select([...selection], s.selectedEdgeIds);
    if (drag !== null) {
      const moved = drag;
      setDragPositions((prev) => ({ ...prev, ...Object.fromEntries(moved) }));
    }
    if (commit !== null) {
      s.moveNodes(commit);
      setDragPositions(null);
    }
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdgeType>[]) => {
    const s = useAppStore.getState();
    let selection: Set<string> | null = null;
    for (const c of changes) {
      if (c.type === 'select') {
        selection ??= new Set(s.selectedEdgeIds);
        if (c.selected) selection.add(c.id);
        else selection.delete(c.id);
      }
    }
    if (selection !== null) s.select(useAppStore.getState().selectedNodeIds, [...selection]);
  }, []);

  const onBeforeDelete: OnBeforeDelete<FlowNodeType, FlowEdgeType> = useCallback(
    async ({ nodes: n, edges: e }) => {
      useAppStore.getState().removeElements(
        n.map((x) => x.id),
        e.map((x) => x.id),
      );
      // The store already removed them; React Flow must not emit its own changes.
      return false;
    },
    [],
  );

  const isValidConnection = useCallback(
    (c: Connection | FlowEdgeType) =>
      checkConnection(useAppStore.getState().graph, {
        source: c.source,
        sourceHandle: c.sourceHandle ?? null,
        target: c.target,
        targetHandle: c.targetHandle ?? null,
      }).ok,
    [],
  );

  const onConnect = useCallback((c: Connection) => {
    const s = useAppStore.getState();
    const r = s.connectHandles(c);
    if (!r.ok) s.showHint(r.reason, 'error');
  }, []);

  const onConnectEnd = useCallback((e: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    // Dropped on a node's body: connect to its first free compatible port.
    if (state.toHandle === null && state.fromHandle !== null) {
      const at = clientPoint(e);
      const target = at === undefined ? undefined : nodeAt(at.x, at.y);
      if (target === undefined || target === state.fromHandle.nodeId) return;
      const s = useAppStore.getState();
      const r = connectionToNode(
        s.graph,
        { node: state.fromHandle.nodeId, handle: state.fromHandle.id },
        target,
      );
      const made = r.ok ? s.connectHandles(r.connection) : r;
      if (!made.ok) s.showHint(made.reason, 'error');
      return;
    }
    // Dropped on a handle that was refused: say why.
    if (state.isValid !== false || state.fromHandle === null || state.toHandle === null) return;
    const from = state.fromHandle;
    const to = state.toHandle;
    const r = checkConnection(useAppStore.getState().graph, {
      source: from.nodeId,
      sourceHandle: from.id ?? null,
      target: to.nodeId,
      targetHandle: to.id ?? null,
    });
    if (!r.ok) useAppStore.getState().showHint(r.reason, 'error');
  }, []);

  const onReconnect = useCallback((old: FlowEdgeType, c: Connection) => {
    const s = useAppStore.getState();
    const r = s.reconnect(old.id, c);
    if (!r.ok) s.showHint(r.reason, 'error');
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(KIND_MIME) || e.dataTransfer.types.includes('Files')) {
      e.preventDefault();
      e.dataTransfer.dropEffect = e.dataTransfer.types.includes('Files') ? 'copy' : 'move';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(KIND_MIME);
      if (kind !== '' && isKind(kind)) {
        e.preventDefault();
        const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
        useAppStore
          .getState()
          .addNodeAt(kind, { x: p.x - NODE_SIZE_PX.width / 2, y: p.y - NODE_SIZE_PX.height / 2 });
        return;
      }
      const file = e.dataTransfer.files[0];
      if (file !== undefined) {
        e.preventDefault();
        void importFile(file);
      }
    },
    [rf],
  );

  return (
    <div
      ref={root}
      id={CANVAS_ELEMENT_ID}
      className={`flow-canvas detail-${detail}${lowDetail ? ' lod-low' : ''}`}
      data-testid="canvas"
      data-detail={detail}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onKeyDown={onCanvasKeyDown}
    >
      <DetailContext value={detail}>
        <LiveActiveContext value={liveActive}>
          <ReactFlow<FlowNodeType, FlowEdgeType>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            // A drag goes first: live badges hold their values until the drop.
            onNodeDragStart={holdOverlay}
            onNodeDragStop={releaseOverlay}
            onSelectionDragStart={holdOverlay}
            onSelectionDragStop={releaseOverlay}
            onBeforeDelete={onBeforeDelete}
            onConnect={onConnect}
            onConnectEnd={onConnectEnd}
            onReconnect={onReconnect}
            isValidConnection={isValidConnection}
            // Strict: an edge's target is looked up among target handles only. Loose
            // makes React Flow concat each target node's source and target handle
            // lists for every edge on every drag or store frame (700 arrays a frame
            // at 500 nodes). Strict still lets a drag start on an input, and a drop
            // on a same-direction port still reaches onConnectEnd with a reason.
            connectionMode={ConnectionMode.Strict}
            // Reconnect anchors are two hit-tested circles per edge: only when zoomed in.
            edgesReconnectable={!lowDetail}
            deleteKeyCode={DELETE_KEYS}
            multiSelectionKeyCode={MULTI_SELECT_KEYS}
            selectionOnDrag
            panOnDrag={PAN_BUTTONS}
            selectionKeyCode={null}
            snapToGrid={snap}
            snapGrid={SNAP_GRID}
            onlyRenderVisibleElements={!lowDetail}
            minZoom={0.05}
            maxZoom={2.5}
            colorMode="system"
            proOptions={PRO_OPTIONS}
            fitViewOptions={FIT_VIEW_OPTIONS}
            aria-label="Graph canvas"
          >
            {/* Dots 16 px apart are noise when zoomed out, and costly to paint. */}
            {!lowDetail && <Background variant={BackgroundVariant.Dots} gap={16} size={1} />}
            <Controls showFitView={false} showInteractive={false} position="bottom-left" />
          </ReactFlow>
        </LiveActiveContext>
      </DetailContext>
    </div>
  );
}
