/**
 * Node palette: one button per kind with icon and one-line description.
 * Drag onto the canvas to place a node where it is dropped; click (or Enter)
 * to add it at the centre of the view, selected.
 */
import { useReactFlow } from '@xyflow/react';
import { type DragEvent, memo, useId, useState } from 'react';

import { kindDef, type NodeKind, nodeKinds } from '../../graph/index.ts';
import { findFreeSpot } from '../../graph/ops.ts';
import { useAppStore } from '../../store/index.ts';
import { centreOfView, KIND_MIME } from '../Canvas/view.ts';
import { KindIcon } from '../nodes/KindIcon.tsx';

function matches(kind: NodeKind, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  const info = kindDef(kind);
  return (
    kind.includes(q) ||
    info.label.toLowerCase().includes(q) ||
    info.description.toLowerCase().includes(q)
  );
}

const PaletteItem = memo(function PaletteItem({ kind }: { kind: NodeKind }) {
  const rf = useReactFlow();
  const info = kindDef(kind);
  const descId = useId();
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(KIND_MIME, kind);
    e.dataTransfer.effectAllowed = 'move';
  };
  const add = () => {
    const s = useAppStore.getState();
    s.addNodeAt(kind, findFreeSpot(s.graph.nodes, centreOfView(rf)));
  };
  return (
    <li>
      <button
        type="button"
        className={`palette-item kind-${kind}`}
        draggable
        onDragStart={onDragStart}
        onClick={add}
        aria-label={info.label}
        aria-describedby={descId}
        data-testid={`palette.${kind}`}
        title={`${info.description} Drag onto the canvas, or click to add.`}
      >
        <span className="palette-icon">
          <KindIcon kind={kind} />
        </span>
        <span className="palette-text">
          <span className="palette-label">{info.label}</span>
          <span className="palette-desc" id={descId}>
            {info.description}
          </span>
        </span>
      </button>
    </li>
  );
});

export function Palette() {
  const [query, setQuery] = useState('');
  const shown = nodeKinds.filter((k) => matches(k, query));
  return (
    <>
      <div className="panel-title">Nodes</div>
      <input
        type="search"
        className="palette-search"
        placeholder="Search nodes"
        aria-label="Search nodes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="palette.search"
      />
      <ul className="palette-list">
        {shown.map((k) => (
          <PaletteItem key={k} kind={k} />
        ))}
      </ul>
      {shown.length === 0 && <p className="muted">No node matches “{query}”.</p>}
      <p className="palette-help muted">Drag onto the canvas, or click to add at the centre.</p>
    </>
  );
}
