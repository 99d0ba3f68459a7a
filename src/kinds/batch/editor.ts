/** Batch, editor side: icon, summary, inspector fields. */
import { defineKindEditor } from '../../editor/kind-editor.ts';
import { numberField } from '../../editor/Inspector/field-spec.ts';
import { formatNumber as n } from '../../editor/nodes/format.ts';

export const editor = defineKindEditor('batch', {
  icon: 'M3 4h10M3 8h10M3 12h10M1 2v12',
  summary: (p) => [`size ${n(p.size)} · ${n(p.timeoutMs)} ms`],
  fields: () => [
    numberField(
      ['size'],
      'Batch size (msg)',
      'a batch leaves as soon as it holds this many messages',
    ),
    numberField(
      ['timeoutMs'],
      'Batch timeout (ms)',
      'or when its first message has waited this long, whichever comes first',
    ),
  ],
});
