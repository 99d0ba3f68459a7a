/** Cache, editor side: icon, summary, inspector fields. */
import { defineKindEditor } from '../../editor/kind-editor.ts';
import { numberField } from '../../editor/Inspector/field-spec.ts';
import { formatNumber as n } from '../../editor/nodes/format.ts';

export const editor = defineKindEditor('cache', {
  icon: 'M3 4c0-1.5 10-1.5 10 0v8c0 1.5-10 1.5-10 0zM3 4c0 1.5 10 1.5 10 0M3 8c0 1.5 10 1.5 10 0',
  summary: (p) => [
    `${n(p.capacity)} entries${p.ttlMs === undefined ? '' : ` · ttl ${n(p.ttlMs)} ms`}`,
  ],
  fields: () => [
    numberField(
      ['capacity'],
      'Cache capacity (entries)',
      'keys kept; the least recently used one is evicted when full',
    ),
    numberField(['ttlMs'], 'Time to live (ms)', 'an entry older than this counts as a miss', {
      optional: true,
      placeholder: 'forever',
    }),
  ],
});
