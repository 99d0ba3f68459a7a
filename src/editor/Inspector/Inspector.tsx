/**
 * Inspector: edits the selected node (label, params), the selected edge
 * (capacity, overflow), or with nothing selected the graph name
 * and run settings. Every input is validated by the graph schema; only valid
 * values reach the store.
 */
import { useReactFlow } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { type GraphEdge, type GraphNode, kindDef, portsOf } from '../../graph/index.ts';
import { codeDigest, unapprovedCode } from '../../io/consent.ts';
import { checkDocument, checkEdge, checkNode, getAt } from '../../graph/edit-validation.ts';
import { displayName } from '../../graph/ops.ts';
import { NEXT_RUN } from '../../kinds/kind.ts';
import { liveFieldNote } from '../../runtime/live.ts';
import { getRunHost, selectReadiness, useAppStore } from '../../store/index.ts';
import { KindIcon } from '../nodes/KindIcon.tsx';
import { PredictionSettings } from './PredictionSettings.tsx';
import { type ApplyEdit, Field } from './Field.tsx';
import { paramFields } from '../kinds.ts';
import { documentFields, edgeFields, type FieldSpec } from './fields.ts';
import { issueSentence } from './issue-text.ts';
import { fieldParamPath } from '../dialogs/sweep-form.ts';

/**
 * Opens the Sweep dialog for a field of what the inspector edits (a node, an
 * edge, the run settings), when the field is a parameter a sweep can vary.
 */
function sweepOpener(
  scope: 'node' | 'edge' | 'graph',
  id: string,
  of: string,
  source: () => unknown,
): (spec: FieldSpec) => void {
  return (spec) => {
    const path = fieldParamPath(scope, id, spec.path);
    if (path === undefined) return;
    useAppStore.getState().openDialog({
      type: 'sweep',
      path,
      label: `${spec.label} ${of}`,
      current: getAt(source(), spec.path),
    });
  };
}

const labelField: FieldSpec = {
  control: 'text',
  path: ['label'],
  label: 'Label',
  type: 'text',
  optional: true,
  help: 'the name shown on the canvas and in reports (the id stays the same)',
};
const workerField: FieldSpec = {
  control: 'text',
  path: ['worker'],
  label: 'Pinned worker (index)',
  type: 'number',
  optional: true,
  placeholder: 'any',
  help: 'run this node on one worker thread (0-based); empty lets the planner place it',
};

const fieldTestId = (scope: string, spec: FieldSpec) => `inspector.${scope}.${spec.path.join('.')}`;

/** A run is live (its parameters may change while it runs). */
function useLiveRun(): boolean {
  return useAppStore(
    (s) => s.runStatus === 'starting' || s.runStatus === 'running' || s.runStatus === 'paused',
  );
}

/** What a live run does with a change of a node field (undefined: it applies now, or no live run). */
function nodeLiveNote(live: boolean, nodeId: string, path: readonly string[]): string | undefined {
  if (!live) return undefined;
  const started = getRunHost().startedNode(nodeId);
  if (started === undefined) return path[0] === 'label' ? undefined : NEXT_RUN;
  return liveFieldNote(started, path);
}

/** The same for an edge field. */
function edgeLiveNote(live: boolean, edgeId: string, path: readonly string[]): string | undefined {
  if (!live) return undefined;
  // A capacity applies live at any size (shared among the edge's channels).
  return getRunHost().runsEdge(edgeId) && path[0] === 'capacity' ? undefined : NEXT_RUN;
}

function NodeInspector({ node }: { node: GraphNode }) {
  const apply: ApplyEdit = useCallback((candidate, coalesce) => {
    const r = checkNode(candidate);
    if (!r.ok) return r.errors;
    const s = useAppStore.getState();
    // Code the person types here is theirs: it is approved as they write it.
    const code = kindDef(r.value.kind).code?.(r.value.params);
    const before = s.graph.nodes.find((n) => n.id === r.value.id);
    if (
      code !== undefined &&
      before !== undefined &&
      kindDef(before.kind).code?.(before.params) !== code
    )
      s.approveCode([codeDigest(code)]);
    const removed = s.updateNode(r.value, { coalesce });
    if (removed > 0) {
      s.showHint(
        `Removed ${removed} edge${removed === 1 ? '' : 's'} on ports that no longer exist.`,
      );
    }
    return undefined;
  }, []);
  const ports = portsOf(node);
  const fields = [labelField, ...paramFields(node), workerField];
  const live = useLiveRun();
  const name = displayName(node);
  const onSweep = useMemo(
    () =>
      sweepOpener('node', node.id, `of ${name}`, () =>
        useAppStore.getState().graph.nodes.find((n) => n.id === node.id),
      ),
    [node.id, name],
  );
  return (
    <section className="inspector-section" aria-label={`Node ${displayName(node)}`}>
      <header className={`inspector-head kind-${node.kind}`}>
        <span className="fnode-icon">
          <KindIcon kind={node.kind} />
        </span>
        <div>
          <h2>{kindDef(node.kind).label}</h2>
          <div className="muted">
            id <code>{node.id}</code>
          </div>
        </div>
      </header>
      <p className="muted small">{kindDef(node.kind).description}</p>
      {fields.map((spec) => (
        <Field
          key={`${node.id}:${spec.path.join('.')}`}
          spec={spec}
          source={node}
          apply={apply}
          testId={fieldTestId('node', spec)}
          liveNote={nodeLiveNote(live, node.id, spec.path)}
          onSweep={spec === workerField ? undefined : onSweep}
        />
      ))}
      <dl className="ports">
        <dt>Inputs</dt>
        <dd>{ports.inputs.join(', ') || 'none'}</dd>
        <dt>Outputs</dt>
        <dd>{ports.outputs.join(', ') || 'none'}</dd>
      </dl>
      <button
        type="button"
        className="danger"
        onClick={() => useAppStore.getState().removeElements([node.id], [])}
      >
        Delete node
      </button>
    </section>
  );
}

function EdgeInspector({ edge }: { edge: GraphEdge }) {
  const apply: ApplyEdit = useCallback((candidate, coalesce) => {
    const s = useAppStore.getState();
    const r = checkEdge(s.graph, candidate as GraphEdge);
    if (!r.ok) return r.errors;
    s.updateEdge(r.value, { coalesce });
    return undefined;
  }, []);
  const live = useLiveRun();
  const nodeName = (id: string) => {
    const n = useAppStore.getState().graph.nodes.find((x) => x.id === id);
    return n === undefined ? id : displayName(n);
  };
  const ends = `${nodeName(edge.from.node)} → ${nodeName(edge.to.node)}`;
  const onSweep = useMemo(
    () =>
      sweepOpener('edge', edge.id, `of ${ends}`, () =>
        useAppStore.getState().graph.edges.find((e) => e.id === edge.id),
      ),
    [edge.id, ends],
  );
  return (
    <section className="inspector-section" aria-label={`Edge ${edge.id}`}>
      <header className="inspector-head">
        <div>
          <h2>Edge</h2>
          <div className="muted">
            id <code>{edge.id}</code>
          </div>
        </div>
      </header>
      <p className="edge-ends">
        {nodeName(edge.from.node)}.<b>{edge.from.port}</b> → {nodeName(edge.to.node)}.
        <b>{edge.to.port}</b>
      </p>
      {edgeFields.map((spec) => (
        <Field
          key={`${edge.id}:${spec.path.join('.')}`}
          spec={spec}
          source={edge}
          apply={apply}
          testId={fieldTestId('edge', spec)}
          liveNote={edgeLiveNote(live, edge.id, spec.path)}
          onSweep={onSweep}
        />
      ))}
      <button
        type="button"
        className="danger"
        onClick={() => useAppStore.getState().removeElements([], [edge.id])}
      >
        Delete edge
      </button>
    </section>
  );
}

function GraphInspector() {
  const { name, description, run, nodeCount, edgeCount } = useAppStore(
    useShallow((s) => ({
      name: s.graph.name,
      description: s.graph.description,
      run: s.graph.run,
      nodeCount: s.graph.nodes.length,
      edgeCount: s.graph.edges.length,
    })),
  );
  const readiness = useAppStore(useShallow(selectReadiness));
  const warnings = useAppStore((s) => s.validation.warnings);
  const graph = useAppStore((s) => s.graph);
  const live = useLiveRun();
  const rf = useReactFlow();
  const show = (nodeId?: string, edgeId?: string) => {
    const s = useAppStore.getState();
    const edge = edgeId === undefined ? undefined : s.graph.edges.find((e) => e.id === edgeId);
    const centreOn = nodeId ?? edge?.to.node;
    s.select(nodeId !== undefined ? [nodeId] : [], edgeId !== undefined ? [edgeId] : []);
    const n = centreOn === undefined ? undefined : rf.getNode(centreOn);
    if (n !== undefined) {
      const w = n.measured?.width ?? 184;
      const h = n.measured?.height ?? 64;
      void rf.setCenter(n.position.x + w / 2, n.position.y + h / 2, {
        zoom: Math.max(rf.getZoom(), 1),
        duration: 200,
      });
    }
  };
  const consentPending = useAppStore((s) => unapprovedCode(s.graph, s.approvedCode).length > 0);
  const apply: ApplyEdit = useCallback((candidate, coalesce) => {
    const r = checkDocument(candidate as Record<string, unknown>);
    if (!r.ok) return r.errors;
    const s = useAppStore.getState();
    const patch =
      r.value.description === undefined ? { ...r.value, description: undefined } : r.value;
    s.updateDocument(patch, { coalesce });
    return undefined;
  }, []);
  const source = description === undefined ? { name, run } : { name, description, run };
  return (
    <section className="inspector-section" aria-label="Graph settings">
      <header className="inspector-head">
        <div>
          <h2>Graph</h2>
          <div className="muted">
            {nodeCount} nodes · {edgeCount} edges
          </div>
        </div>
      </header>
      <div
        className={`readiness ${readiness.runnable ? 'ok' : 'blocked'}`}
        role="status"
        aria-label="Run readiness"
        data-testid="inspector.readiness"
        data-runnable={readiness.runnable ? 'true' : 'false'}
      >
        <b>{readiness.runnable ? 'Runnable' : 'Not runnable'}</b>
        {readiness.reason !== undefined && <span>{readiness.reason}</span>}
        {consentPending && (
          <button type="button" onClick={openConsent}>
            Review Function code
          </button>
        )}
      </div>
      {documentFields.slice(0, 2).map((spec) => (
        <Field
          key={spec.path.join('.')}
          spec={spec}
          source={source}
          apply={apply}
          testId={fieldTestId('graph', spec)}
        />
      ))}
      <h3>Run settings</h3>
      {documentFields.slice(2).map((spec) => (
        <Field
          key={spec.path.join('.')}
          spec={spec}
          source={source}
          apply={apply}
          testId={fieldTestId('graph', spec)}
          liveNote={live ? NEXT_RUN : undefined}
          onSweep={sweepRun}
        />
      ))}
      <PredictionSettings />
      {warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <ul className="warnings" aria-label="Graph warnings">
            {warnings.slice(0, 20).map((w, i) => {
              const it = issueSentence(graph, w);
              const target = it.nodeId ?? it.edgeId;
              return (
                <li key={i}>
                  {it.text}{' '}
                  {target !== undefined && (
                    <button
                      type="button"
                      className="link"
                      onClick={() => show(it.nodeId, it.edgeId)}
                      aria-label={`Show ${it.nodeId !== undefined ? 'node' : 'connection'} ${it.text.split(':')[0]}`}
                    >
                      Show
                    </button>
                  )}
                </li>
              );
            })}
            {warnings.length > 20 && <li>… and {warnings.length - 20} more</li>}
          </ul>
        </>
      )}
    </section>
  );
}

/** Opens the Sweep dialog for a run setting. */
const sweepRun = sweepOpener('graph', '', '(run setting)', () => useAppStore.getState().graph);

function openConsent() {
  const s = useAppStore.getState();
  s.openDialog({ type: 'consent', functions: unapprovedCode(s.graph, s.approvedCode) });
}

function MultiInspector({ nodeIds, edgeIds }: { nodeIds: string[]; edgeIds: string[] }) {
  return (
    <section className="inspector-section" aria-label="Selection">
      <header className="inspector-head">
        <div>
          <h2>Selection</h2>
          <div className="muted">
            {nodeIds.length} node{nodeIds.length === 1 ? '' : 's'} · {edgeIds.length} edge
            {edgeIds.length === 1 ? '' : 's'}
          </div>
        </div>
      </header>
      <p className="muted small">Ctrl/⌘+C copies, Ctrl/⌘+D duplicates, Delete removes.</p>
      <button
        type="button"
        className="danger"
        onClick={() => useAppStore.getState().removeElements(nodeIds, edgeIds)}
      >
        Delete selection
      </button>
    </section>
  );
}

export function Inspector() {
  const { nodeIds, edgeIds } = useAppStore(
    useShallow((s) => ({ nodeIds: s.selectedNodeIds, edgeIds: s.selectedEdgeIds })),
  );
  const single = nodeIds.length + edgeIds.length === 1 ? (nodeIds[0] ?? edgeIds[0] ?? null) : null;
  const node = useAppStore((s) =>
    single !== null && nodeIds.length === 1
      ? s.graph.nodes.find((n) => n.id === single)
      : undefined,
  );
  const edge = useAppStore((s) =>
    single !== null && edgeIds.length === 1
      ? s.graph.edges.find((e) => e.id === single)
      : undefined,
  );
  return (
    <>
      <div className="panel-title panel-title-row">
        Inspector
        <button
          type="button"
          className="panel-toggle"
          aria-label="Hide inspector"
          aria-expanded
          title="Hide inspector"
          onClick={() => useAppStore.getState().setPanels({ inspectorCollapsed: true })}
        >
          »
        </button>
      </div>
      {node !== undefined ? (
        <NodeInspector node={node} />
      ) : edge !== undefined ? (
        <EdgeInspector edge={edge} />
      ) : nodeIds.length + edgeIds.length > 1 ? (
        <MultiInspector nodeIds={nodeIds} edgeIds={edgeIds} />
      ) : (
        <GraphInspector />
      )}
    </>
  );
}
