/** Where things go on the canvas when they are not dropped: the centre of the view. */
import type { ReactFlowInstance } from '@xyflow/react';

import type { XY } from '../../graph/ops.ts';

/** DOM id of the element that wraps the React Flow pane. */
export const CANVAS_ELEMENT_ID = 'flow-canvas';

/** Typical node size (px at zoom 1), to centre a new node on a point. */
export const NODE_SIZE_PX = { width: 184, height: 72 } as const;

/** The flow position that puts a new node's centre at the centre of the visible canvas. */
export function centreOfView(rf: Pick<ReactFlowInstance, 'screenToFlowPosition'>): XY {
  const el = document.getElementById(CANVAS_ELEMENT_ID);
  const r = el?.getBoundingClientRect();
  const screen =
    r === undefined ? { x: 400, y: 300 } : { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  const p = rf.screenToFlowPosition(screen);
  return { x: p.x - NODE_SIZE_PX.width / 2, y: p.y - NODE_SIZE_PX.height / 2 };
}

/** Drag-and-drop MIME type carrying a node kind from the palette. */
export const KIND_MIME = 'application/x-flowbench-kind';
