/** Delay, editor side: icon, summary, inspector fields. */
import { defineKindEditor } from '../../editor/kind-editor.ts';
import { distributionFields } from '../../editor/Inspector/field-spec.ts';
import { formatDistribution } from '../../editor/nodes/format.ts';

export const editor = defineKindEditor('delay', {
  icon: 'M8 14A6 6 0 1 1 8 2a6 6 0 0 1 0 12zM8 4.5V8l2.5 1.5',
  summary: (p) => [formatDistribution(p.delay)],
  fields: (p) => distributionFields('delay', 'Delay', p.delay),
});
