/** Split, editor side: icon, summary, inspector fields. */
import { defineKindEditor } from '../../editor/kind-editor.ts';
import { numberField, selectField } from '../../editor/Inspector/field-spec.ts';
import { splitPolicies } from './params.ts';

export const editor = defineKindEditor('split', {
  icon: 'M2 8h4M6 8l6-5M6 8l6 5M6 8h7',
  summary: (p) => [`${p.policy} · ${p.outputs} outputs`],
  fields: () => [
    selectField(
      ['policy'],
      'Routing policy',
      'which output each message takes; broadcast sends a copy to every output',
      splitPolicies,
    ),
    numberField(['outputs'], 'Outputs (count)', 'number of output ports (out1 … outN)'),
    {
      control: 'text',
      path: ['weights'],
      label: 'Weights (one per output)',
      help: 'weighted policy: relative share of each output, e.g. 3, 1 sends three quarters to out1',
      type: 'numberList',
      optional: true,
      placeholder: 'e.g. 3, 1',
    },
  ],
});
