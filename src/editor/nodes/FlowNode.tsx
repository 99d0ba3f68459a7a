/**
 * The canvas node for every kind: icon, label, kind, key parameters and one
 * handle per port. Memoized; it reads nothing from the store, so a change to
 * one node re-renders only that node. Port names show on hover. At low zoom
 * (LowDetailContext) it renders a plain box with the label and handles only
 * (level of detail), same width and height rule.
 */
import { Handle, type NodeProps, Position, useUpdateNodeInternals } from '@xyflow/react';
import { memo, useContext, useEffect, useRef } from 'react';

import { kindInfo, portsOf } from '../../graph/index.ts';
import type { FlowNodeType } from '../../store/flow-mapping.ts';
import { handleId } from '../../store/graph-ops.ts';
import { LiveNodeBadge } from '../overlays/LiveOverlays.tsx';
import { KindIcon } from './icons.tsx';
import { LowDetailContext } from './lod.ts';
import { nodeSummary } from './summaries.ts';

/** Vertical room per port, px: tall enough to grab a handle. */
const PORT_PITCH_PX = 20;

function portTop(i: number, n: number): string {
  return `${((i + 1) / (n + 1)) * 100}%`;
}

export const FlowNode = memo(function FlowNode({ id, data, selected }: NodeProps<FlowNodeType>) {
  const { node } = data;
  const ports = portsOf(node);
  const label = node.label !== undefined && node.label !== '' ? node.label : node.id;
  const lowDetail = useContext(LowDetailContext);
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
  if (lowDetail) {
    return (
      <div
        className={`fnode fnode-lod kind-${node.kind}${selected ? ' is-selected' : ''}`}
        style={{ minHeight }}
        data-testid={`node.${id}`}
        data-kind={node.kind}
      >
        <LiveNodeBadge id={id} />
        <span className="fnode-label">{label}</span>
        {ports.inputs.map((port, i) => (
          <Handle
            key={`in:${port}`}
            type="target"
            position={Position.Left}
            id={handleId('in', port)}
            style={{ top: portTop(i, ports.inputs.length) }}
            aria-label={`Input port ${port} of ${label}`}
            data-testid={`node.${id}.in.${port}`}
          />
        ))}
        {ports.outputs.map((port, i) => (
          <Handle
            key={`out:${port}`}
            type="source"
            position={Position.Right}
            id={handleId('out', port)}
            style={{ top: portTop(i, ports.outputs.length) }}
            aria-label={`Output port ${port} of ${label}`}
            data-testid={`node.${id}.out.${port}`}
          />
        ))}
      </div>
    );
  }

  const summary = nodeSummary(node);
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
        {kindInfo[node.kind].label}
        <span className="fnode-id"> · {id}</span>
      </div>
      {summary.length > 0 && (
        <div className="fnode-params">
          {summary.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      )}
      {ports.inputs.map((port, i) => (
        <Handle
          key={`in:${port}`}
          type="target"
          position={Position.Left}
          id={handleId('in', port)}
          style={{ top: portTop(i, ports.inputs.length) }}
          aria-label={`Input port ${port} of ${label}`}
          data-testid={`node.${id}.in.${port}`}
          title={`input: ${port}`}
        >
          <span className="port-label port-in">{port}</span>
        </Handle>
      ))}
      {ports.outputs.map((port, i) => (
        <Handle
          key={`out:${port}`}
          type="source"
          position={Position.Right}
          id={handleId('out', port)}
          style={{ top: portTop(i, ports.outputs.length) }}
          aria-label={`Output port ${port} of ${label}`}
          data-testid={`node.${id}.out.${port}`}
          title={`output: ${port}`}
        >
          <span className="port-label port-out">{port}</span>
        </Handle>
      ))}
    </div>
  );
});
