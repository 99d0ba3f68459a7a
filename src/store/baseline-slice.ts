/**
 * Baselines: a report saved to compare later runs and predictions against,
 * one per document. A document is known by its graph's name (the name a
 * report carries), so a baseline survives a reload and reopening the same
 * graph; renaming the graph leaves its baseline behind. Persisting them
 * (localStorage) is the editor's job: this file gives the pure text form.
 */
import type { StateCreator } from 'zustand';

import { isRunReport, type RunReport } from '../metrics/report.ts';
import type { AppState } from './types.ts';

export interface Baseline {
  report: RunReport;
  /** When it was saved (ms since the epoch). */
  savedAtMs: number;
  /** Seeds behind it when it was a repeated prediction (its first seed's report is kept). */
  seeds?: number;
}

export interface BaselineSlice {
  /** Baselines by graph name. */
  baselines: Readonly<Record<string, Baseline>>;
  /** A delta worse than this share (percent) is flagged as a regression. */
  regressionPct: number;
  /** Saves a report as the open document's baseline (replacing the previous one). */
  saveBaseline: (report: RunReport, seeds?: number) => void;
  /** Forgets the open document's baseline. */
  clearBaseline: () => void;
  setRegressionPct: (pct: number) => void;
  /** Replaces every baseline (loaded from storage). */
  setBaselines: (b: Readonly<Record<string, Baseline>>) => void;
}

/** Baselines kept; the oldest saved are forgotten first. */
export const MAX_BASELINES = 20;

export const createBaselineSlice: StateCreator<AppState, [], [], BaselineSlice> = (set, get) => ({
  baselines: {},
  regressionPct: 5,
  saveBaseline: (report, seeds) => {
    const name = get().graph.name;
    const entry: Baseline = { report, savedAtMs: Date.now(), ...(seeds ? { seeds } : {}) };
    set((s) => ({ baselines: newest({ ...s.baselines, [name]: entry }) }));
  },
  clearBaseline: () => {
    const name = get().graph.name;
    set((s) => {
      const { [name]: _gone, ...rest } = s.baselines;
      return { baselines: rest };
    });
  },
  setRegressionPct: (regressionPct) => set({ regressionPct }),
  setBaselines: (baselines) => set({ baselines }),
});

/** The `MAX_BASELINES` most recently saved. */
function newest(b: Record<string, Baseline>): Record<string, Baseline> {
  const entries = Object.entries(b);
  if (entries.length <= MAX_BASELINES) return b;
  entries.sort((x, y) => y[1].savedAtMs - x[1].savedAtMs);
  return Object.fromEntries(entries.slice(0, MAX_BASELINES));
}

/** The baseline of the open document, or null. */
export function selectBaseline(s: Pick<AppState, 'baselines' | 'graph'>): Baseline | null {
  return s.baselines[s.graph.name] ?? null;
}

/** Baselines as stored text. */
export function serializeBaselines(b: Readonly<Record<string, Baseline>>): string {
  return JSON.stringify({ format: 'flowbench/baselines', version: 1, baselines: b });
}

/** Baselines from stored text; an unreadable or foreign value, or entry, reads as none. */
export function parseBaselines(text: string | null): Record<string, Baseline> {
  if (text === null) return {};
  try {
    const doc = JSON.parse(text) as { format?: unknown; baselines?: unknown } | null;
    if (doc?.format !== 'flowbench/baselines' || typeof doc.baselines !== 'object') return {};
    const out: Record<string, Baseline> = {};
    for (const [name, v] of Object.entries(doc.baselines as Record<string, unknown>)) {
      const b = v as Partial<Baseline> | null;
      if (b === null || typeof b !== 'object' || !isRunReport(b.report)) continue;
      if (typeof b.savedAtMs !== 'number') continue;
      out[name] = {
        report: b.report,
        savedAtMs: b.savedAtMs,
        ...(typeof b.seeds === 'number' ? { seeds: b.seeds } : {}),
      };
    }
    return newest(out);
  } catch {
    return {};
  }
}
