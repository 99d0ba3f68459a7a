/**
 * How the inspector shows one parameter: a control, a label that states the
 * unit, and one help line in people's terms (shown under the field). What is
 * valid is decided by the schema, never here. Each kind's editor side
 * (`src/kinds/<kind>/editor.ts`) lists its fields with these builders.
 *
 * Pure: data only.
 */
import type { FieldType } from '../../graph/edit-validation.ts';
import { distributionKinds, type Distribution } from '../../graph/index.ts';

interface Common {
  /** Path from the edited object (a node's params, an edge, the document). */
  path: readonly string[];
  label: string;
  /** One line under the field: what it means and what it does to the run. */
  help: string;
}

export type FieldSpec =
  | (Common & {
      control: 'text';
      type: FieldType;
      optional?: boolean;
      placeholder?: string;
      /** When cleared, remove this whole optional group instead of the one field. */
      clearPath?: readonly string[];
    })
  | (Common & { control: 'select'; options: readonly string[] })
  | (Common & { control: 'code' })
  | (Common & { control: 'checkbox' });

export interface NumberFieldOptions {
  optional?: boolean;
  placeholder?: string;
  clearPath?: readonly string[];
}

/** A number field. */
export function numberField(
  path: readonly string[],
  label: string,
  help: string,
  extra: NumberFieldOptions = {},
): FieldSpec {
  return { control: 'text', path, label, help, type: 'number', ...extra };
}

/** A choice among fixed values. */
export function selectField(
  path: readonly string[],
  label: string,
  help: string,
  options: readonly string[],
): FieldSpec {
  return { control: 'select', path, label, help, options };
}

/** The same field, one level deeper (`['params', …path]`). */
export function under(prefix: string, spec: FieldSpec): FieldSpec {
  return {
    ...spec,
    path: [prefix, ...spec.path],
    ...(spec.control === 'text' && spec.clearPath !== undefined
      ? { clearPath: [prefix, ...spec.clearPath] }
      : {}),
  };
}

/**
 * The fields of a distribution at `base` (e.g. `service`): the shape, the
 * mean, and the spread fields that shape uses.
 * @param what the quantity, capitalised ("Service time", "Delay").
 */
export function distributionFields(base: string, what: string, d: Distribution): FieldSpec[] {
  const fields = [
    selectField(
      [base, 'dist'],
      `${what} distribution`,
      'constant: always the mean; exponential: memoryless (M/M/1); uniform, normal, lognormal: with a spread',
      distributionKinds,
    ),
    numberField(
      [base, 'meanMs'],
      `Mean ${what.toLowerCase()} (ms)`,
      'the average of each draw; 0 passes messages straight through',
    ),
  ];
  if (d.dist === 'normal' || d.dist === 'lognormal') {
    fields.push(
      numberField([base, 'stdMs'], `${what} std dev (ms)`, 'spread around the mean', {
        optional: true,
        placeholder: 'mean / 2',
      }),
    );
  }
  if (d.dist === 'uniform') {
    fields.push(
      numberField([base, 'minMs'], `${what} min (ms)`, 'shortest draw', {
        optional: true,
        placeholder: '0',
      }),
      numberField([base, 'maxMs'], `${what} max (ms)`, 'longest draw', {
        optional: true,
        placeholder: '2 × mean',
      }),
    );
  }
  return fields;
}
