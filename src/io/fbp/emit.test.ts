/**
 * Export: graphToFbp on graphs made in Flowbench, round trips through it, and
 * how it reads `x-fbp` fields that a hand edit broke.
 */
import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { parseGraph } from '../../graph/index.ts';
import { everyKind, graphOf, orderPipeline } from '../test-graphs.ts';
import { graphToFbp } from './emit.ts';
import { imported, type Obj } from './test-fbp.ts';

const fixture = (name: string): Obj =>
  JSON.parse(
    readFileSync(new URL(`../../../test/fixtures/fbp/${name}`, import.meta.url), 'utf8'),
  ) as Obj;

describe('graphToFbp on graphs made in Flowbench', () => {
  it('writes flowbench/<Kind> components, Flowbench ports, labels and positions', () => {
    const g = orderPipeline();
    const fbp = graphToFbp(g);
    expect(fbp.properties).toEqual({
      name: 'Order pipeline',
      description: 'Orders in, enriched, stored.',
      flowbench: { run: g.run, targets: g.targets },
    });
    expect(fbp.processes.src).toEqual({
      component: 'flowbench/Source',
      metadata: {
        label: 'Orders',
        x: 0,
        y: 0,
        flowbench: { kind: 'source', params: g.nodes.find((n) => n.id === 'src')!.params },
      },
    });
    expect(fbp.connections[0]).toEqual({
      src: { process: 'src', port: 'out' },
      tgt: { process: 'enrich', port: 'in' },
    });
  });

  it('brings back every kind, parameter, edge setting, run setting and target after Flowbench → FBP → Flowbench', () => {
    for (const g of [orderPipeline(), everyKind()]) {
      const back = imported(graphToFbp(g)).graph;
      expect(back.nodes.map((n) => [n.id, n.kind, n.params])).toEqual(
        g.nodes.map((n) => [n.id, n.kind, n.params]),
      );
      const settings = (e: (typeof g.edges)[number]) => {
        const { id: _id, from: _from, to: _to, ...rest } = e;
        return Object.fromEntries(Object.entries(rest).filter(([k]) => !k.startsWith('x-')));
      };
      expect(back.edges.map(settings)).toEqual(g.edges.map(settings));
      expect(back.run).toEqual(g.run);
      expect(back.targets).toEqual(g.targets);
    }
  });

  it('maps by component, with a note, when the kept Flowbench metadata does not read', () => {
    const fbp = graphToFbp(orderPipeline()) as unknown as Obj & {
      processes: Record<string, { metadata: Obj }>;
      properties: Obj;
      connections: Obj[];
    };
    fbp.processes.src!.metadata.flowbench = { kind: 'nope', params: {} };
    fbp.processes.enrich!.metadata.flowbench = { kind: 'process', params: { concurrency: -3 } };
    fbp.connections[0]!.metadata = { flowbench: { overflow: 'sometimes' } };
    fbp.properties.flowbench = { run: { workers: 1000 } };
    const { graph, approximations } = imported(fbp);
    expect(graph.nodes.find((n) => n.id === 'src')!.kind).toBe('source');
    expect(graph.edges[0]!.overflow).toBe('block');
    expect(graph.run.workers).toBeUndefined();
    const text = approximations.join('\n');
    expect(text).toContain('src (unknown kind nope)');
    expect(text).toMatch(/enrich \(params\.concurrency: /);
    expect(text).toContain('Ignored unusable Flowbench edge settings');
    expect(text).toContain(
      'Ignored unusable Flowbench graph settings (defaults used): run.workers',
    );
  });

  it('gives the same FBP file after FBP → Flowbench → FBP', () => {
    for (const g of [orderPipeline(), everyKind()]) {
      const once = graphToFbp(g);
      expect(graphToFbp(imported(once).graph)).toEqual(once);
    }
  });

  const examplesDir = new URL('../../../public/examples/', import.meta.url);
  const exampleGraphs = readdirSync(examplesDir)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .map((file) => ({ file, r: parseGraph(readFileSync(new URL(file, examplesDir), 'utf8')) }))
    .filter((x) => x.r.ok);
  it.each(exampleGraphs)(
    'gives the same FBP file after a second round trip for example $file',
    ({ r }) => {
      if (!r.ok) return;
      const once = graphToFbp(r.graph);
      const back = imported(once).graph;
      expect(back.nodes.map((n) => n.id)).toEqual(r.graph.nodes.map((n) => n.id));
      expect(graphToFbp(back)).toEqual(once);
    },
  );

  it('writes a renamed graph and relabelled node back into properties and metadata', () => {
    const { graph } = imported(fixture('noflo-browser-clock.json'));
    const edited = {
      ...graph,
      name: 'Wall clock',
      nodes: graph.nodes.map((n) => (n.id === 'core/Output_u3hk2' ? { ...n, label: 'Clicks' } : n)),
    };
    const fbp = graphToFbp(edited);
    expect(fbp.properties.name).toBe('Wall clock');
    expect(fbp.properties.icon).toBe('clock-o');
    expect(fbp.processes['core/Output_u3hk2']!.metadata!.label).toBe('Clicks');
  });
});

describe('graphToFbp on x-fbp fields that do not read', () => {
  const twoNodes = (nodeExt: unknown, edgeExt: unknown, graphExt: unknown) =>
    graphOf({
      name: 'Edited',
      'x-fbp': graphExt,
      nodes: [
        { id: 'a', kind: 'source', position: { x: 0, y: 0 }, 'x-fbp': nodeExt },
        { id: 'b', kind: 'sink', position: { x: 240, y: 0 } },
      ],
      edges: [
        {
          id: 'e1',
          from: { node: 'a', port: 'out' },
          to: { node: 'b', port: 'in' },
          'x-fbp': edgeExt,
        },
      ],
    } as Parameters<typeof graphOf>[0]);

  it('treats a node, edge or graph x-fbp without its required fields as absent', () => {
    const fbp = graphToFbp(twoNodes({ id: 'A' }, { srcPort: 'OUT' }, 'junk'));
    expect(fbp.processes).toEqual({
      a: { component: 'flowbench/Source', metadata: { x: 0, y: 0 } },
      b: { component: 'flowbench/Sink', metadata: { x: 240, y: 0 } },
    });
    expect(fbp.connections).toEqual([
      { src: { process: 'a', port: 'out' }, tgt: { process: 'b', port: 'in' } },
    ]);
    expect(fbp).toMatchObject({ properties: { name: 'Edited' }, inports: {}, groups: [] });
  });

  it('keeps the readable parts: IIPs with a port and data, indices that are whole numbers', () => {
    const fbp = graphToFbp(
      twoNodes(
        {
          component: 'core/Repeat',
          id: 'rep',
          iips: [{ port: 'in', data: 0 }, { port: 'in' }, 'x'],
          autoPosition: { x: 0, y: 0 },
        },
        { srcPort: 'out', srcIndex: 1.5, tgtPort: 'in', tgtIndex: 2 },
        { inports: [{ name: 'start', process: 'rep', port: 'in' }, { name: 'bad' }] },
      ),
    );
    expect(fbp.processes.rep).toEqual({ component: 'core/Repeat' });
    expect(fbp.connections).toEqual([
      { src: { process: 'rep', port: 'out' }, tgt: { process: 'b', port: 'in', index: 2 } },
      { data: 0, tgt: { process: 'rep', port: 'in' } },
    ]);
    expect(fbp.inports).toEqual({ start: { process: 'rep', port: 'in' } });
  });
});
