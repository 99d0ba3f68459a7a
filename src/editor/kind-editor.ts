/**
 * The editor side of a node kind: its icon, the summary lines on the canvas
 * node and the inspector fields (each with a help line). Each kind declares
 * it in `src/kinds/<kind>/editor.ts` with `defineKindEditor`; the registry
 * (`kinds.ts`) finds them, so adding a kind needs no edit here.
 */
import type { NodeKind, ParamsOf } from '../graph/index.ts';
import type { FieldSpec } from './Inspector/field-spec.ts';

export interface KindEditor<K extends NodeKind = NodeKind> {
  readonly kind: K;
  /** A 16 × 16 stroke icon: one SVG path (`d`), drawn in currentColor. */
  readonly icon: string;
  /** Key parameters as one or two short lines, e.g. `['1,000 msg/s · poisson', '64 B']`. */
  summary(params: ParamsOf<K>): string[];
  /** Inspector fields for the params (paths relative to `params`); some depend on values. */
  fields(params: ParamsOf<K>): FieldSpec[];
}

/** Declares a kind's editor side (identity; checks it against the kind's params). */
export function defineKindEditor<K extends NodeKind>(
  kind: K,
  editor: Omit<KindEditor<K>, 'kind'>,
): KindEditor<K> {
  return { kind, ...editor };
}
