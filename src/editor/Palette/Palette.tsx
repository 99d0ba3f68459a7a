/**
 * Node palette: one button per kind with icon and one-line description (the
 * button's name is its visible text: label, then description). Drag onto the
 * canvas to place a node where it is dropped; click (or Enter) to add it at
 * the centre of the view, selected. Collapsed, it is a rail of icons. Below
 * the list, the minimap (an overview of the canvas that never covers it).
 */
import { MiniMap, useReactFlow } from '@xyflow/react';
import { type DragEvent, memo, useState } from 'react';

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

const PaletteItem = memo(function PaletteItem({
  kind,
  collapsed,
}: {
  kind: NodeKind;
  collapsed: boolean;
}) {
  const rf = useReactFlow();
  const info = kindDef(kind);
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
        // Collapsed, the icon alone shows: the label is its name.
        aria-label={collapsed ? info.label : undefined}
        data-testid={`palette.${kind}`}
        title={`${collapsed ? `${info.label}: ` : ''}${info.description} Drag onto the canvas, or click to add.`}
      >
        <span className="palette-icon">
          <KindIcon kind={kind} />
        </span>
        {!collapsed && (
          <span className="palette-text">
            <span className="palette-label">{info.label}</span>
            <span className="palette-desc">{info.description}</span>
          </span>
        )}
      </button>
    </li>
  );
});

/** Above this many nodes the minimap is not shown (it costs a selector per node per frame). */
export const MINIMAP_MAX_NODES = 300;

function minimapColor(n: { data: Record<string, unknown> }): string {
  const node = n.data.node as { kind?: string } | undefined;
  return `var(--kind-${node?.kind ?? 'delay'}, #888)`;
}

function Overview() {
  const nodeCount = useAppStore((s) => s.graph.nodes.length);
  if (nodeCount > MINIMAP_MAX_NODES || nodeCount === 0) return null;
  return (
    <div className="overview">
      <div className="panel-title">Overview</div>
      <MiniMap
        pannable
        zoomable
        nodeColor={minimapColor}
        ariaLabel="Minimap"
        maskColor="rgba(101, 109, 118, 0.12)"
        bgColor="var(--panel)"
        className="overview-map"
        style={MINIMAP_STYLE}
      />
    </div>
  );
}

/** Fits the narrowest palette (160 px) inside its margins. */
const MINIMAP_STYLE = { width: 138, height: 96 };

function togglePalette() {
  const s = useAppStore.getState();
  s.setPanels({ paletteCollapsed: !s.panels.paletteCollapsed });
}

export function Palette({ collapsed = false }: { collapsed?: boolean }) {
  const [query, setQuery] = useState('');
  const shown = nodeKinds.filter((k) => matches(k, query));
  if (collapsed) {
    return (
      <>
        <button
          type="button"
          className="rail-toggle"
          aria-label="Expand palette"
          aria-expanded={false}
          title="Expand palette"
          onClick={togglePalette}
        >
          »
        </button>
        <ul className="palette-list palette-rail">
          {nodeKinds.map((k) => (
            <PaletteItem key={k} kind={k} collapsed />
          ))}
        </ul>
      </>
    );
  }
  return (
    <>
      <div className="panel-title panel-title-row">
        Nodes
        <button
          type="button"
          className="panel-toggle"
          aria-label="Collapse palette"
          aria-expanded
          title="Collapse palette to icons"
          onClick={togglePalette}
        >
          «
        </button>
      </div>
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
          <PaletteItem key={k} kind={k} collapsed={false} />
        ))}
      </ul>
      {shown.length === 0 && <p className="muted">No node matches “{query}”.</p>}
      <p className="palette-help muted">Drag onto the canvas, or click to add at the centre.</p>
      <Overview />
    </>
  );
}
