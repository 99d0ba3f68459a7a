/**
 * Inspector fields of an edge and of the document (run settings); a node's
 * fields come from its kind's editor side (`src/editor/kinds.ts`). Labels
 * state units; every field has one help line. What is valid is decided by
 * the schema.
 */
import type { GraphIssue } from '../../graph/index.ts';
import { type FieldSpec, numberField, selectField } from './field-spec.ts';

export type { FieldSpec } from './field-spec.ts';

export const edgeFields: FieldSpec[] = [
  numberField(
    ['capacity'],
    'Capacity (msg)',
    'how many messages may wait on this connection before the producer is held back (or messages dropped); the engine sizes its buffers in powers of two, so use 2, 4, … 1,024 … 1,048,576',
  ),
  selectField(
    ['overflow'],
    'Overflow policy',
    'when full — block: the producer waits (back pressure); dropNewest: the new message is dropped; dropOldest: the oldest queued one is',
    ['block', 'dropNewest', 'dropOldest'],
  ),
  {
    control: 'checkbox',
    path: ['autoSize'],
    label: 'Auto-size capacity',
    help: 'size the capacity from throughput × latency (Little’s law)',
  },
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

const isPowerOfTwo = (n: number) => n > 0 && (n & (n - 1)) === 0;

/**
 * The capacity message in people's terms: for a whole number that is not a
 * power of two, the two nearest that are ("use 512 or 1,024"), instead of the
 * schema's rule. Other errors pass through.
 */
export function capacityAdvice(candidate: unknown, errors: GraphIssue[]): GraphIssue[] {
  const cap = (candidate as { capacity?: unknown } | null)?.capacity;
  if (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 2 || cap > 2 ** 20) return errors;
  if (isPowerOfTwo(cap)) return errors;
  const below = 2 ** Math.floor(Math.log2(cap));
  const fmt = (n: number) => n.toLocaleString('en');
  return errors.map((e) =>
    e.path === 'capacity'
      ? {
          ...e,
          message: `${fmt(cap)} is not a power of two, which the engine needs for its buffers: use ${fmt(below)} or ${fmt(below * 2)}.`,
        }
      : e,
  );
}
