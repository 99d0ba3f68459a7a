/**
 * Report rows as a person reads them: nodes by their labels, edges as
 * "from → to" (ports named only when not the usual `out` / `in`), each with
 * every counter the report has and, when given, the predicted values of the
 * same graph revision beside the measured ones.
 *
 * Pure: data in, data out.
 */
import { type Graph, kindDef } from '../graph/index.ts';
import { displayName, elementNames } from '../graph/ops.ts';
import { type EdgeReport, nodeTimes, type NodeReport, type RunReport } from '../metrics/report.ts';

export interface NodeRow {
  id: string;
  name: string;
  kind: string;
  report: NodeReport;
  predicted: NodeReport | undefined;
  /** p95 of what the kind times (service, or end-to-end at sinks); undefined when nothing. */
  p95Ms: number | undefined;
  predictedP95Ms: number | undefined;
}

export interface EdgeRow {
  id: string;
  /** "Requests → Parse", "Parse.error → Failed". */
  name: string;
  report: EdgeReport;
  predicted: EdgeReport | undefined;
}

function p95Of(n: NodeReport | undefined): number | undefined {
  if (n === undefined) return undefined;
  const t = nodeTimes(n);
  return t !== undefined && t.count > 0 ? t.p95 : undefined;
}

/** Node rows in graph order (nodes the report has but the graph lost keep their id). */
export function nodeRows(graph: Graph, report: RunReport, predicted?: RunReport): NodeRow[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return Object.entries(report.nodes).map(([id, n]) => {
    const node = byId.get(id);
    const p = predicted?.nodes[id];
    return {
      id,
      name: node === undefined ? id : displayName(node),
      kind: node === undefined ? n.kind : kindDef(node.kind).label,
      report: n,
      predicted: p,
      p95Ms: p95Of(n),
      predictedP95Ms: p95Of(p),
    };
  });
}

/** Edge rows in graph order, named by their ends. */
export function edgeRows(graph: Graph, report: RunReport, predicted?: RunReport): EdgeRow[] {
  const names = elementNames(graph);
  return Object.entries(report.edges).map(([id, e]) => ({
    id,
    name: names.edge(id),
    report: e,
    predicted: predicted?.edges[id],
  }));
}

export type SortValue = number | string | null | undefined;

/**
 * Rows sorted by a value, stable; missing values (null, undefined, NaN) last
 * in either direction.
 */
export function sortRows<R>(
  rows: readonly R[],
  value: (r: R) => SortValue,
  dir: 'ascending' | 'descending',
): R[] {
  const sign = dir === 'ascending' ? 1 : -1;
  const missing = (v: SortValue) =>
    v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
  return rows
    .map((r, i) => ({ r, i, v: value(r) }))
    .sort((a, b) => {
      const am = missing(a.v);
      const bm = missing(b.v);
      if (am || bm) return am === bm ? a.i - b.i : am ? 1 : -1;
      const c =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : String(a.v).localeCompare(String(b.v));
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.r);
}
