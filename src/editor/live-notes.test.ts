import { describe, expect, it } from 'vitest';

import { checkNode, getAt, setAt } from '../graph/edit-validation.ts';
import { type GraphNode, nodeKinds, nodeSchemas } from '../graph/index.ts';
import { NEXT_RUN } from '../kinds/kind.ts';
import { liveChangeRefusal, liveFieldNote } from '../runtime/live.ts';
import { paramFields } from './kinds.ts';

/** Other valid values for a field: every other option, or a few numbers around the current one. */
function probes(node: GraphNode, path: readonly string[], options?: readonly string[]): unknown[] {
  const now = getAt(node, path);
  const values =
    options !== undefined
      ? options.filter((o) => o !== now)
      : typeof now === 'number'
        ? [now * 2 + 1, Math.floor(now / 2), now + 0.5, now - 1]
        : [1, 0.5, 10];
  return values.filter((v) => checkNode(setAt(node, path, v)).ok);
}

/** Nodes to probe from: each kind's defaults, and the process in cpu mode with 4 instances. */
const starts = (): GraphNode[] => [
  ...nodeKinds.map((kind) => nodeSchemas[kind].parse({ id: 'n', kind }) as GraphNode),
  nodeSchemas.process.parse({
    id: 'n',
    kind: 'process',
    params: { mode: 'cpu', concurrency: 4 },
  }) as GraphNode,
];

describe('what a live run can take, as the inspector says it before an edit', () => {
  it('notes every field some change of which is refused, and a "next run" field refuses every change', () => {
    for (const started of starts()) {
      for (const f of paramFields(started)) {
        const note = liveFieldNote(started, f.path);
        const results = probes(started, f.path, f.control === 'select' ? f.options : undefined).map(
          (v) => {
            const after = checkNode(setAt(started, f.path, v));
            if (!after.ok) throw new Error('probe not valid');
            return liveChangeRefusal(started, after.value);
          },
        );
        const where = `${started.kind} (${JSON.stringify(started.params)}) ${f.path.join('.')}`;
        if (results.some((r) => r !== undefined)) expect(note, where).toBeDefined();
        if (note === NEXT_RUN)
          expect(
            results.every((r) => r !== undefined),
            where,
          ).toBe(true);
        if (note === undefined)
          expect(
            results.every((r) => r === undefined),
            where,
          ).toBe(true);
      }
    }
  });

  it('says a cpu-mode process takes fewer instances now and more on the next run', () => {
    const [cpu] = starts().slice(-1);
    expect(liveFieldNote(cpu!, ['params', 'concurrency'])).toBe(
      'this run started 4 instances: fewer apply now (the rest are parked), more on the next run',
    );
    expect(liveFieldNote(cpu!, ['params', 'service', 'meanMs'])).toBeUndefined();
    expect(liveFieldNote(cpu!, ['params', 'mode'])).toBe(NEXT_RUN);
    expect(liveFieldNote(cpu!, ['worker'])).toBe(NEXT_RUN);
    expect(liveFieldNote(cpu!, ['label'])).toBeUndefined();
  });
});
