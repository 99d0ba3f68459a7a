/**
 * The Sweep dialog's reading of what a person typed: which parameter path an
 * inspector field is, the values of a list or a range, and what the sweep
 * will cost. Every sentence names the path and the value it refuses.
 *
 * Pure: no React, no store, no DOM.
 */
import { MAX_SWEEP_VALUES, sweepRange } from '../../host/sweep.ts';

/** Most points a sweep started from the editor may have (the CLI takes more). */
export const MAX_UI_POINTS = 100;

/**
 * The parameter path of an inspector field, or undefined when the field is
 * not a sweepable parameter (a label, a pinned worker).
 * @param scope what the inspector edits; `id` is the node or edge id.
 * @example fieldParamPath('node', 'db', ['params', 'service', 'meanMs']) // 'nodes.db.params.service.meanMs'
 */
export function fieldParamPath(
  scope: 'node' | 'edge' | 'graph',
  id: string,
  fieldPath: readonly string[],
): string | undefined {
  if (scope === 'node')
    return fieldPath[0] === 'params' && fieldPath.length > 1
      ? `nodes.${id}.${fieldPath.join('.')}`
      : undefined;
  if (scope === 'edge') return fieldPath.length === 1 ? `edges.${id}.${fieldPath[0]}` : undefined;
  return fieldPath[0] === 'run' && fieldPath.length === 2 ? `run.${fieldPath[1]}` : undefined;
}

export type Values = { ok: true; values: number[] } | { ok: false; error: string };

const tooMany = (path: string, n: number): Values => ({
  ok: false,
  error: `${path}: ${n} values; a sweep in the editor takes at most ${MAX_UI_POINTS} (flowbench sweep takes up to ${MAX_SWEEP_VALUES})`,
});

/**
 * Values typed as a list: numbers separated by commas or spaces ("10, 50, 100").
 * @param path the parameter path, named in every error.
 */
export function parseValueList(path: string, text: string): Values {
  const parts = text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
  if (parts.length === 0) return { ok: false, error: `${path}: type at least one value` };
  const values: number[] = [];
  for (const t of parts) {
    const x = Number(t);
    if (!Number.isFinite(x)) return { ok: false, error: `${path}: "${t}" is not a number` };
    if (values.includes(x)) return { ok: false, error: `${path}: ${t} is listed twice` };
    values.push(x);
  }
  if (values.length > MAX_UI_POINTS) return tooMany(path, values.length);
  return { ok: true, values };
}

/** Values typed as a range: from, to, and a step added (linear) or a factor (geometric). */
export function parseValueRange(
  path: string,
  from: string,
  to: string,
  step: string,
  scale: 'linear' | 'geometric',
): Values {
  const read = (name: string, t: string): number | string => {
    const x = Number(t.trim());
    return t.trim() === '' || !Number.isFinite(x) ? `${path}: ${name} "${t}" is not a number` : x;
  };
  const f = read('from', from);
  const e = read('to', to);
  const st = read(scale === 'linear' ? 'step' : 'factor', step);
  for (const x of [f, e, st]) if (typeof x === 'string') return { ok: false, error: x };
  const r = sweepRange(f as number, e as number, st as number, scale);
  if (!Array.isArray(r))
    return { ok: false, error: `${path}: the range ${from.trim()} to ${to.trim()} ${r.error}` };
  if (r.length > MAX_UI_POINTS) return tooMany(path, r.length);
  return { ok: true, values: r };
}

/**
 * A first list to offer for a field's current value: half, itself, double
 * ("32, 64, 128"); empty when it has none.
 */
export function suggestedValues(current: unknown): string {
  if (typeof current !== 'number' || !Number.isFinite(current) || current === 0) return '';
  return [current / 2, current, current * 2].map((x) => Number(x.toPrecision(3))).join(', ');
}

/**
 * What the sweep will do, in a sentence: "3 points × 2 seeds = 6 predictions"
 * or, for real runs, with the wall time they take ("… = 6 runs of 10 s, about 1 min").
 */
export function describeSweepCost(
  points: number,
  seeds: number,
  untilPct: number | null,
  mode: 'virtual' | 'real',
  durationMs: number,
): string {
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  const runs = points * seeds;
  const more = untilPct !== null ? ' at least' : '';
  const head = `${plural(points, 'point')} × ${plural(seeds, 'seed')} =${more} ${plural(runs, mode === 'virtual' ? 'prediction' : 'run')}`;
  if (mode === 'virtual') return head;
  const totalS = (runs * durationMs) / 1000;
  const about = totalS < 90 ? `${Math.round(totalS)} s` : `${Math.round(totalS / 60)} min`;
  return `${head} of ${Number((durationMs / 1000).toPrecision(3))} s, about ${about}`;
}
