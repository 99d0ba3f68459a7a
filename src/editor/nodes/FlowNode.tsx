/**
 * The canvas node for every kind: icon, label, kind, key parameters and one
 * handle per port. Memoized; it reads nothing from the store, so a change to
 * one node re-renders only that node. Port names that say something (a port
 * other than the one usual `in` / `out`) show beside their handles; all show
 * on hover. Zoomed out (DetailContext, see lod.ts) it renders a compact box
 * with the label and the first parameter line at a readable size, same width
 * and height rule.
 */
import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { memo, useContext, useEffect, useRef } from 'react';

import { kindDef, portsOf } from '../../graph/index.ts';
import type { FlowNodeType } from '../Canvas/flow-mapping.ts';
import { handleId } from '../../graph/ops.ts';
import { LiveNodeBadge } from '../overlays/LiveOverlays.tsx';
import { KindIcon } from './KindIcon.tsx';
import { DetailContext } from './lod.ts';
import { nodeSummary } from '../kinds.ts';

/** Vertical room per port, px: tall enough to grab a handle. */
const PORT_PITCH_PX = 20;

function portTop(i: number, n: number): string {
  return `${((i + 1) / (n + 1)) * 100}%`;
}

export const FlowNode = memo(function FlowNode({ id, data, selected }: NodeProps<FlowNodeType>) {
  const { node } = data;
  const ports = portsOf(node);
  const label = node.label !== undefined && node.label !== '' ? node.label : node.id;
  const detail = useContext(DetailContext);
  const portCount = Math.max(ports.inputs.length, ports.outputs.length);

  // Ports can change (split outputs, merge inputs): React Flow must re-measure handles.
  const updateNodeInternals = useUpdateNodeInternals();
  const portsKey = `${ports.inputs.join(',')}|${ports.outputs.join(',')}`;
  const firstKey = useRef(portsKey);
  useEffect(() => {
    if (firstKey.current === portsKey) return;
    firstKey.current = portsKey;
    updateNodeInternals(id);
  }, [id, portsKey, updateNodeInternals]);

  const minHeight = Math.max(64, portCount * PORT_PITCH_PX + 12);
  const summary = nodeSummary(node);
  if (detail !== 'full') {
    return (
      <div
        className={`fnode fnode-lod kind-${node.kind}${selected ? ' is-selected' : ''}`}
        style={{ minHeight }}
        data-testid={`node.${id}`}
        data-kind={node.kind}
      >
        <LiveNodeBadge id={id} />
        <div className="fnode-lod-text">
          <span className="fnode-label">{label}</span>
          {summary[0] !== undefined && <span className="fnode-lod-summary">{summary[0]}</span>}
        </div>
        {portHandles('in', ports.inputs, id, label, false)}
        {portHandles('out', ports.outputs, id, label, false)}
      </div>
    );
  }

  return (
    <div
      className={`fnode kind-${node.kind}${selected ? ' is-selected' : ''}`}
      style={{ minHeight }}
      data-testid={`node.${id}`}
      data-kind={node.kind}
    >
      <LiveNodeBadge id={id} />
      <div className="fnode-head">
        <span className="fnode-icon">
          <KindIcon kind={node.kind} />
        </span>
        <span className="fnode-label" title={label}>
          {label}
        </span>
      </div>
      <div className="fnode-kind">
        {kindDef(node.kind).label}
        <span className="fnode-id"> · {id}</span>
      </div>
      {summary.length > 0 && (
        <div className="fnode-params">
          {summary.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      )}
      {portHandles('in', ports.inputs, id, label, true)}
      {portHandles('out', ports.outputs, id, label, true)}
    </div>
  );
});

/**
 * One handle per port on one side; `named` adds the hover label and tooltip
 * (full detail). A plain function, not a component: no extra fiber per node.
 */
function portHandles(
  side: 'in' | 'out',
  ports: readonly string[],
  id: string,
  label: string,
  named: boolean,
) {
  const input = side === 'in';
  // One port called `in` or `out` says nothing: its name shows on hover only.
  const telling = ports.length > 1 || ports[0] !== (input ? 'in' : 'out');
  return ports.map((port, i) => (
    <Handle
      key={`${side}:${port}`}
      type={input ? 'target' : 'source'}
      position={input ? Position.Left : Position.Right}
      id={handleId(side, port)}
      style={{ top: portTop(i, ports.length) }}
      // A named graphic: aria-label on a plain div is prohibited (axe flags it
      // on the compact form, whose handles have no text inside).
      role="img"
      aria-label={`${input ? 'Input' : 'Output'} port ${port} of ${label}`}
      data-testid={`node.${id}.${side}.${port}`}
      {...(named ? { title: `${input ? 'input' : 'output'}: ${port}` } : {})}
    >
      {named ? (
        <span className={`port-label port-${side}${telling ? ' port-label-shown' : ''}`}>
          {port}
        </span>
      ) : null}
    </Handle>
  ));
}
