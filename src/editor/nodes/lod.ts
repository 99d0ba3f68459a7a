/**
 * Level of detail on the canvas. Below LOW_DETAIL_ZOOM nodes render as a
 * plain box (label and handles only) and the dot background is dropped: at
 * that zoom parameters and port names are unreadable, and every element
 * costs style, paint and hit-testing work on each frame of a drag or pan.
 *
 * The canvas computes the level from React Flow's zoom with a boolean
 * selector (so only crossings re-render) and hands it to nodes through this
 * context; nodes do not subscribe to the zoom themselves.
 */
import { createContext } from 'react';

/** Below this zoom the canvas shows less detail. */
export const LOW_DETAIL_ZOOM = 0.5;

/** Whether a zoom level is low detail. */
export function isLowDetail(zoom: number): boolean {
  return zoom < LOW_DETAIL_ZOOM;
}

/** True while the canvas is zoomed out below LOW_DETAIL_ZOOM. */
export const LowDetailContext = createContext(false);
