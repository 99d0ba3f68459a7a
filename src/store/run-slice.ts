/**
 * Run slice: for now only whether the open graph may run, and why not.
 * The live-run work adds the engine status here.
 */
import type { StateCreator } from 'zustand';

import type { GraphIssue } from '../graph/index.ts';
import type { AppState } from './types.ts';

export interface FunctionConsent {
  /** True when the graph came from a file or link and contains Function nodes. */
  required: boolean;
  /** True once the person has read the code and allowed it to run. */
  granted: boolean;
}

export interface RunSlice {
  consent: FunctionConsent;
  /** Result of the last full validation of the open graph. */
  validation: { errors: GraphIssue[]; warnings: GraphIssue[] };
  setConsentRequired: (required: boolean) => void;
  grantConsent: () => void;
  setValidation: (v: { errors: GraphIssue[]; warnings: GraphIssue[] }) => void;
}

export const createRunSlice: StateCreator<AppState, [], [], RunSlice> = (set) => ({
  consent: { required: false, granted: false },
  validation: { errors: [], warnings: [] },
  setConsentRequired: (required) => set({ consent: { required, granted: false } }),
  grantConsent: () => set((s) => ({ consent: { ...s.consent, granted: true } })),
  setValidation: (validation) => set({ validation }),
});

export interface RunReadiness {
  runnable: boolean;
  /** Why not, in a sentence; undefined when runnable. */
  reason: string | undefined;
}

/** Whether the open graph may run. Pure selector over the store state. */
export function selectReadiness(
  s: Pick<AppState, 'consent' | 'validation' | 'graph'>,
): RunReadiness {
  if (s.consent.required && !s.consent.granted) {
    return {
      runnable: false,
      reason: 'Function code from a file or link has not been reviewed and allowed to run.',
    };
  }
  const first = s.validation.errors[0];
  if (first !== undefined) {
    return { runnable: false, reason: `Invalid graph: ${first.path} ${first.message}`.trim() };
  }
  if (s.graph.nodes.length === 0) return { runnable: false, reason: 'The graph is empty.' };
  return { runnable: true, reason: undefined };
}
