import { beforeEach, describe, expect, it } from 'vitest';

import { parseParamPath } from '../graph/param-path.ts';
import { parseGraph } from '../graph/validate.ts';
import type { RunReport } from '../metrics/report.ts';
import {
  historyStore,
  MAX_BASELINES,
  parseBaselines,
  serializeBaselines,
  useAppStore,
} from './index.ts';

const doc = {
  format: 'flowbench/graph',
  version: 1,
  name: 'Orders',
  nodes: [
    { id: 'src', kind: 'source', params: { rate: 100 } },
    { id: 'b', kind: 'batch', params: { size: 10, timeoutMs: 5 } },
    { id: 'out', kind: 'sink' },
  ],
  edges: [
    { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'b', port: 'in' } },
    { id: 'e2', from: { node: 'b', port: 'out' }, to: { node: 'out', port: 'in' } },
  ],
};

const path = (text: string) => {
  const p = parseParamPath(text, useAppStore.getState().graph);
  if ('error' in p) throw new Error(p.error);
  return p;
};

const report = (graph: string, throughput: number): RunReport =>
  ({
    format: 'flowbench/report',
    version: 1,
    graph,
    run: { transport: 'virtual' },
    nodes: {},
    edges: {},
    totals: { throughput },
  }) as unknown as RunReport;

beforeEach(() => {
  const r = parseGraph(doc);
  if (!r.ok) throw new Error('fixture');
  useAppStore.getState().replaceGraph(r.graph);
  historyStore.getState().clear();
  useAppStore.setState({ baselines: {} });
});

describe('applying a sweep value', () => {
  it('sets a node parameter, an edge capacity or a run setting as one undo step each', () => {
    const s = useAppStore.getState();
    const before = s.graph;
    expect(s.setParam(path('nodes.b.params.size'), 50)).toEqual({ ok: true });
    expect(s.setParam(path('edges.e1.capacity'), 64)).toEqual({ ok: true });
    expect(s.setParam(path('run.durationMs'), 2000)).toEqual({ ok: true });
    const g = useAppStore.getState().graph;
    expect(g.nodes[1]!.params).toMatchObject({ size: 50, timeoutMs: 5 });
    expect(g.edges[0]!.capacity).toBe(64);
    expect(g.run.durationMs).toBe(2000);
    // Only the element changed is replaced.
    expect(g.nodes[0]).toBe(before.nodes[0]);
    expect(g.edges[1]).toBe(before.edges[1]);
    expect(historyStore.getState().pastStates).toHaveLength(3);
    historyStore.getState().undo();
    expect(useAppStore.getState().graph.run.durationMs).toBe(before.run.durationMs);
    expect(useAppStore.getState().graph.edges[0]!.capacity).toBe(64);
  });

  it('refuses a value the schema refuses, naming the path and the value, and changes nothing', () => {
    const s = useAppStore.getState();
    const before = s.graph;
    const r = s.setParam(path('nodes.b.params.size'), -3);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^nodes\.b\.params\.size = -3 is not valid: /);
    expect(useAppStore.getState().graph).toBe(before);
    expect(historyStore.getState().pastStates).toHaveLength(0);
  });
});

describe('baselines', () => {
  it('are kept per graph name, one each, and cleared for the open graph only', () => {
    const s = useAppStore.getState();
    s.saveBaseline(report('Orders', 100));
    s.saveBaseline(report('Orders', 120), 5);
    useAppStore.setState((st) => ({
      baselines: { ...st.baselines, Other: { report: report('Other', 1), savedAtMs: 1 } },
    }));
    const b = useAppStore.getState().baselines;
    expect(Object.keys(b).sort()).toEqual(['Orders', 'Other']);
    expect(b.Orders).toMatchObject({ seeds: 5, report: { totals: { throughput: 120 } } });
    useAppStore.getState().clearBaseline();
    expect(Object.keys(useAppStore.getState().baselines)).toEqual(['Other']);
  });

  it('survive as text; anything unreadable reads as none, and only the newest are kept', () => {
    const baselines = {
      A: { report: report('A', 1), savedAtMs: 10 },
      B: { report: report('B', 2), savedAtMs: 20, seeds: 3 },
    };
    expect(parseBaselines(serializeBaselines(baselines))).toEqual(baselines);
    expect(parseBaselines(null)).toEqual({});
    expect(parseBaselines('{ not json')).toEqual({});
    expect(parseBaselines(JSON.stringify({ format: 'other', baselines }))).toEqual({});
    const foreign = JSON.parse(serializeBaselines(baselines)) as {
      baselines: Record<string, unknown>;
    };
    foreign.baselines.C = { report: { format: 'nope' }, savedAtMs: 30 };
    expect(Object.keys(parseBaselines(JSON.stringify(foreign)))).toEqual(['A', 'B']);
    const many = Object.fromEntries(
      Array.from({ length: MAX_BASELINES + 3 }, (_, i) => [
        `g${i}`,
        { report: report(`g${i}`, i), savedAtMs: i },
      ]),
    );
    const kept = parseBaselines(serializeBaselines(many));
    expect(Object.keys(kept)).toHaveLength(MAX_BASELINES);
    expect(kept.g0).toBeUndefined();
    expect(kept[`g${MAX_BASELINES + 2}`]).toBeDefined();
  });
});
