/**
 * Which results the UI shows for the open graph. A result (the live run, its
 * report, a prediction) belongs to the graph revision it was made from:
 * results of another document are not shown at all; results of an earlier
 * revision of this document are shown marked as such; measured and predicted
 * numbers sit side by side only when both come from the same revision.
 *
 * Pure: selectors over the store state.
 */
import type { RunReport } from '../metrics/report.ts';
import type { ResultOrigin } from './run-slice.ts';
import type { AppState } from './types.ts';

export interface ShownResult {
  report: RunReport;
  origin: ResultOrigin;
  /** True when the graph has changed since this result was made. */
  earlier: boolean;
}

export interface ResultsView {
  measured: ShownResult | null;
  predicted: ShownResult | null;
  /** Both exist and come from the same graph revision. */
  comparable: boolean;
  /** The current or last run was of the open document (its charts may show). */
  runOfThisDocument: boolean;
  /** The current or last run was of an earlier revision of the open graph. */
  runEarlier: boolean;
}

type ResultsState = Pick<
  AppState,
  'graphRevision' | 'documentRevision' | 'lastReport' | 'lastReportOrigin' | 'runOrigin'
> & { prediction: Pick<AppState['prediction'], 'report' | 'origin'> };

function shown(
  s: ResultsState,
  report: RunReport | null,
  origin: ResultOrigin | null,
): ShownResult | null {
  if (report === null || origin === null || origin.revision < s.documentRevision) return null;
  return { report, origin, earlier: origin.revision !== s.graphRevision };
}

/** The results to show beside the open graph (see the file header). */
export function selectResults(s: ResultsState): ResultsView {
  const measured = shown(s, s.lastReport, s.lastReportOrigin);
  const predicted = shown(s, s.prediction.report, s.prediction.origin);
  const run = s.runOrigin;
  const runOfThisDocument = run !== null && run.revision >= s.documentRevision;
  return {
    measured,
    predicted,
    comparable:
      measured !== null &&
      predicted !== null &&
      measured.origin.revision === predicted.origin.revision,
    runOfThisDocument,
    runEarlier: runOfThisDocument && run.revision !== s.graphRevision,
  };
}

/** What a person reads on a result made before the latest edit. */
export const EARLIER_VERSION = 'from an earlier version of this graph';
