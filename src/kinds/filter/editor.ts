/** Filter, editor side: icon, summary, inspector fields. */
import { defineKindEditor } from '../../editor/kind-editor.ts';
import { numberField } from '../../editor/Inspector/field-spec.ts';
import { formatNumber as n, formatShare } from '../../editor/nodes/format.ts';

export const editor = defineKindEditor('filter', {
  icon: 'M2 3h12L9.5 8.5V13l-3 1.5V8.5z',
  summary: (p) => [
    p.keyBelow !== undefined ? `keys < ${n(p.keyBelow)}` : `pass ${formatShare(p.passRatio)}`,
  ],
  fields: () => [
    numberField(
      ['passRatio'],
      'Pass ratio (0–1)',
      'share of messages that pass; the rest leave by the rejected port',
    ),
    numberField(
      ['keyBelow'],
      'Pass keys below (key)',
      'when set, a message passes exactly when its key is below this (the ratio is ignored)',
      { optional: true, placeholder: 'use pass ratio' },
    ),
  ],
});
