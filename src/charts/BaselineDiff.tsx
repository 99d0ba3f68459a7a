/**
 * A report beside the document's baseline: baseline and this result side by
 * side, the change coloured (better green, worse red; utilization and queue
 * depth only shown), and regressions beyond the threshold flagged, in words
 * as well as colour. Uses compareReports, as `flowbench compare` does.
 */
import { useId, useMemo, useState } from 'react';

import type { Graph } from '../graph/index.ts';
import { compareReports } from '../metrics/compare.ts';
import type { RunReport } from '../metrics/report.ts';
import { type Baseline, useAppStore } from '../store/index.ts';
import { diffRows, NEGLIGIBLE_PCT } from './diff-rows.ts';

const VERDICT_TEXT = { better: 'better', worse: 'worse', same: '', shown: 'shown only' } as const;

const kindOf = (r: RunReport) => (r.run.transport === 'virtual' ? 'prediction' : 'run');

function Threshold() {
  const id = useId();
  const pct = useAppStore((s) => s.regressionPct);
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? String(pct);
  const x = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(x) && x >= 0 && x <= 1000;
  return (
    <span className="diff-threshold">
      <label htmlFor={id}>Flag a measure worse by more than</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={text}
        aria-invalid={!valid || undefined}
        onChange={(e) => {
          setDraft(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(v) && v >= 0 && v <= 1000)
            useAppStore.getState().setRegressionPct(v);
        }}
        onBlur={() => valid && setDraft(null)}
      />
      <span aria-hidden="true">%</span>
    </span>
  );
}

export function BaselineDiff({
  baseline,
  report,
  graph,
}: {
  baseline: Baseline;
  report: RunReport;
  graph: Graph;
}) {
  const thresholdPct = useAppStore((s) => s.regressionPct);
  const comparison = useMemo(
    () => compareReports(baseline.report, report, thresholdPct),
    [baseline.report, report, thresholdPct],
  );
  const { rows, unchanged } = useMemo(() => diffRows(graph, comparison), [graph, comparison]);
  const saved = new Date(baseline.savedAtMs).toLocaleString('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const regressions = comparison.regressions.length;
  const here = kindOf(report);
  const mixed = kindOf(baseline.report) !== here;
  return (
    <section className="diff" aria-label="Against the baseline" data-testid="baseline.diff">
      <div className="diff-head">
        <h3>Against the baseline</h3>
        <span className="muted small">
          a {kindOf(baseline.report)}
          {baseline.seeds !== undefined ? ` (first of ${baseline.seeds} seeds)` : ''} saved {saved}
          {mixed && ` — this is a ${here}, so the difference includes the prediction’s error`}
        </span>
        <Threshold />
        <button type="button" onClick={() => useAppStore.getState().clearBaseline()}>
          Clear baseline
        </button>
      </div>
      <p
        className={`diff-summary${regressions > 0 ? ' has-regressions' : ''}`}
        data-testid="baseline.summary"
      >
        {regressions === 0
          ? `No measure is worse than the baseline by more than ${thresholdPct} %.`
          : `⚠ ${regressions} regression${regressions === 1 ? '' : 's'} beyond ${thresholdPct} %: ${rows
              .filter((r) => r.regressed)
              .slice(0, 3)
              .map((r) => `${r.measure}${r.where === 'Total' ? '' : ` of ${r.where}`} ${r.change}`)
              .join(', ')}${regressions > 3 ? ` and ${regressions - 3} more` : ''}.`}
      </p>
      <div className="table-scroll" tabIndex={0} role="group" aria-label="Baseline comparison">
        <table className="report-table" aria-label="Baseline comparison">
          <thead>
            <tr>
              <th scope="col" className="text">
                Where
              </th>
              <th scope="col" className="text">
                Measure
              </th>
              <th scope="col">Baseline</th>
              <th scope="col">This {here}</th>
              <th scope="col">Change</th>
              <th scope="col" className="text">
                Verdict
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className={r.regressed ? 'regressed' : undefined}>
                <th scope="row">{r.where}</th>
                <td className="text">{r.measure}</td>
                <td>{r.base}</td>
                <td>{r.next}</td>
                <td className={r.verdict} data-verdict={r.verdict}>
                  {r.change}
                </td>
                <td className={`text ${r.verdict}${r.regressed ? ' regression' : ''}`}>
                  {r.regressed ? '⚠ regression' : VERDICT_TEXT[r.verdict]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Changes under {NEGLIGIBLE_PCT} % are not coloured.
        {unchanged > 0 &&
          ` ${unchanged} node and connection measure${unchanged === 1 ? '' : 's'} did not change (not listed).`}
      </p>
    </section>
  );
}
