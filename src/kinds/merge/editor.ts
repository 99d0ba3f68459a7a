/** Merge, editor side: icon, summary, inspector fields. */
import { defineKindEditor } from '../../editor/kind-editor.ts';
import { numberField } from '../../editor/Inspector/field-spec.ts';

export const editor = defineKindEditor('merge', {
  icon: 'M3 3l6 5M3 13l6-5M3 8h6M9 8h5',
  summary: (p) => [`${p.inputs} inputs`],
  fields: () => [
    numberField(['inputs'], 'Inputs (count)', 'number of input ports (in1 … inN), taken in turn'),
  ],
});
