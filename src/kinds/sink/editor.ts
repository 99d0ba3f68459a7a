/** Sink, editor side: icon, summary, the role field. */
import { defineKindEditor } from '../../editor/kind-editor.ts';
import { selectField } from '../../editor/Inspector/field-spec.ts';
import { sinkRoles } from './params.ts';

export const editor = defineKindEditor('sink', {
  icon: 'M3 8h7M7 4l4 4-4 4M2 3v10M13 5v6h1.5',
  summary: (p) => (p.role === 'delivered' ? [] : [`collects ${p.role} messages`]),
  fields: () => [
    selectField(
      ['role'],
      'Collects',
      'delivered: finished work (throughput, latency, targets); failed: errors (the error rate); shed: load dropped on purpose (the shed rate)',
      sinkRoles,
    ),
  ],
});
