/**
 * A comparison against the baseline as rows a person reads: where (total,
 * a node by its label, a connection by its ends), the measure, both values
 * in their unit, the change, and whether it is better, worse, a regression
 * beyond the threshold, or only shown (utilization, queue depth).
 *
 * Pure: data in, data out.
 */
import { formatMs, formatRate } from '../core/format.ts';
import type { Graph } from '../graph/index.ts';
import { elementNames } from '../graph/ops.ts';
import type { Comparison, Delta } from '../metrics/compare.ts';

export type Verdict = 'better' | 'worse' | 'same' | 'shown';

/** Changes smaller than this (percent) read as the same: not coloured better or worse. */
export const NEGLIGIBLE_PCT = 1;

export interface DiffRow {
  key: string;
  /** "Total", a node's label, or "Parse → Enrich". */
  where: string;
  measure: string;
  base: string;
  next: string;
  /** "+12.3 %", "−4.0 %", "0 %", "up from 0". */
  change: string;
  verdict: Verdict;
  regressed: boolean;
}

/** A value in the unit its measure names. */
export function formatMeasure(measure: string, x: number): string {
  if (measure.includes('(ms)')) return formatMs(x);
  if (measure.startsWith('throughput')) return formatRate(x);
  if (measure.includes('(%)')) return `${x.toFixed(x < 10 ? 1 : 0)} %`;
  if (measure.includes('depth')) return x.toFixed(1);
  return Math.round(x).toLocaleString('en');
}

/** "+12.3 %", "−4.0 %", "0 %"; "up from 0" when the base was 0. */
export function formatChange(pct: number): string {
  if (pct === 0) return '0 %';
  if (!Number.isFinite(pct)) return pct > 0 ? 'up from 0' : 'down from 0';
  const abs = Math.abs(pct);
  const sign = pct > 0 ? '+' : '−';
  if (abs < 0.05) return `${sign}<0.1 %`;
  return `${sign}${abs < 10 ? abs.toFixed(1) : Math.round(abs)} %`;
}

function verdictOf(d: Delta): Verdict {
  if (Math.abs(d.changePct) < NEGLIGIBLE_PCT) return 'same';
  if (!d.judged) return 'shown';
  return (d.better === 'higher') === d.changePct > 0 ? 'better' : 'worse';
}

/**
 * The rows of a comparison: every total, then the nodes and connections
 * whose measures changed (unchanged ones are counted, not listed).
 * @returns the rows and how many unchanged measures were left out.
 */
export function diffRows(graph: Graph, c: Comparison): { rows: DiffRow[]; unchanged: number } {
  const names = elementNames(graph);
  const where = (scope: string) =>
    scope === 'total'
      ? 'Total'
      : scope.startsWith('node ')
        ? names.node(scope.slice(5))
        : scope.startsWith('edge ')
          ? names.edge(scope.slice(5))
          : scope;
  const rows: DiffRow[] = [];
  let unchanged = 0;
  c.deltas.forEach((d, i) => {
    if (d.scope !== 'total' && d.changePct === 0) {
      unchanged++;
      return;
    }
    rows.push({
      key: `${i}`,
      where: where(d.scope),
      measure: d.measure,
      base: formatMeasure(d.measure, d.base),
      next: formatMeasure(d.measure, d.next),
      change: formatChange(d.changePct),
      verdict: verdictOf(d),
      regressed: d.regressed,
    });
  });
  return { rows, unchanged };
}
