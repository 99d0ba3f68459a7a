/**
 * Inspector fields of an edge and of the document (run settings); a node's
 * fields come from its kind's editor side (`src/editor/kinds.ts`). Labels
 * state units; every field has one help line. What is valid is decided by
 * the schema.
 */
import { type FieldSpec, numberField, selectField } from './field-spec.ts';

export type { FieldSpec } from './field-spec.ts';

export const edgeFields: FieldSpec[] = [
  numberField(
    ['capacity'],
    'Capacity (msg)',
    'how many messages may wait on this connection (1 to 1,048,576) before the producer is held back or messages are dropped; shared among the parallel instances it connects',
  ),
  selectField(
    ['overflow'],
    'Overflow policy',
    'when full — block: the producer waits (back pressure); dropNewest: the new message is dropped; dropOldest: the oldest waiting one is dropped and the new one taken',
    ['block', 'dropNewest', 'dropOldest'],
  ),
];

export const documentFields: FieldSpec[] = [
  {
    control: 'text',
    path: ['name'],
    label: 'Graph name',
    type: 'text',
    help: 'shown in reports and exports',
  },
  {
    control: 'text',
    path: ['description'],
    label: 'Description',
    type: 'text',
    optional: true,
    help: 'one line on what this graph models',
  },
  numberField(
    ['run', 'workers'],
    'Workers (count)',
    'threads that run the nodes; empty: one per core but one, kept for the page',
    { optional: true, placeholder: 'cores − 1' },
  ),
  numberField(['run', 'durationMs'], 'Duration (ms)', 'how long a run lasts, warm-up included'),
  numberField(
    ['run', 'warmupMs'],
    'Warm-up (ms)',
    'time at the start left out of the report, while queues fill',
  ),
  numberField(
    ['run', 'seed'],
    'Random seed',
    'the same seed draws the same arrivals and service times',
  ),
  selectField(
    ['run', 'transport'],
    'Transport',
    'sab: shared-memory ring buffers (fast); postmessage: structured clone between workers, for comparison. A page without SharedArrayBuffer (not cross-origin isolated) always runs postmessage',
    ['sab', 'postmessage'],
  ),
];
