/**
 * Level of detail on the canvas, so that no text is drawn smaller than about
 * 11 px on screen:
 * - `full` (zoom ≥ FULL_DETAIL_ZOOM): icon, label, kind, parameters, port
 *   names; the smallest text is 11.5 px, ≥ 11 px on screen at this zoom.
 * - `compact` (LOW_DETAIL_ZOOM ≤ zoom < FULL_DETAIL_ZOOM): a box with the
 *   label and the first parameter line, their size divided by the zoom (CSS
 *   `--zoom` on the canvas), so they stay ≥ 11 px on screen.
 * - `low` (zoom < LOW_DETAIL_ZOOM): the compact box, and the canvas drops
 *   what costs per element on every frame (dot background, reconnect anchors,
 *   painted handles).
 *
 * The canvas computes the level from React Flow's zoom with a selector (so
 * only crossings re-render) and hands it to nodes through this context.
 */
import { createContext } from 'react';

/** At and above this zoom nodes show every detail. */
export const FULL_DETAIL_ZOOM = 0.96;
/** Below this zoom the canvas also drops per-element costs. */
export const LOW_DETAIL_ZOOM = 0.5;

export type DetailLevel = 'full' | 'compact' | 'low';

/** The level of detail at a zoom. */
export function detailLevel(zoom: number): DetailLevel {
  return zoom >= FULL_DETAIL_ZOOM ? 'full' : zoom >= LOW_DETAIL_ZOOM ? 'compact' : 'low';
}

/** Whether a zoom level is low detail. */
export function isLowDetail(zoom: number): boolean {
  return zoom < LOW_DETAIL_ZOOM;
}

/** The canvas's level of detail; provided once by the canvas. */
export const DetailContext = createContext<DetailLevel>('full');
