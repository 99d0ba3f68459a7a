/**
 * The public surface end to end: the NoFlo fixtures import and round-trip,
 * the leniency the docs promise (docs: fbp-import.md), the only failures, and
 * "never throws" (fast-check). Phase-level tests are beside each phase.
 */
import { readdirSync, readFileSync } from 'node:fs';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseGraph } from '../../graph/index.ts';
import { exportGraphJson } from '../export.ts';
import { importGraphText } from '../import.ts';
import { type FbpEdgeExtension, fbpToGraph, graphToFbp } from './index.ts';
import { expectedRoundTrip, imported, node, nodeExt, type Obj } from './test-fbp.ts';

const fixturesDir = new URL('../../../test/fixtures/fbp/', import.meta.url);
const fixtureNames = readdirSync(fixturesDir).filter((f) => f.endsWith('.json'));
const fixture = (name: string): Obj =>
  JSON.parse(readFileSync(new URL(name, fixturesDir), 'utf8')) as Obj;

describe('fbpToGraph on the NoFlo fixtures', () => {
  it.each(fixtureNames)(
    '%s imports as a valid graph and round-trips to an equivalent FBP file',
    (name) => {
      const doc = fixture(name);
      const { graph } = imported(doc);
      expect(parseGraph(graph).ok).toBe(true);
      expect(graphToFbp(graph)).toEqual(expectedRoundTrip(doc));
    },
  );

  it.each(fixtureNames)('%s survives a save as a Flowbench file in between', (name) => {
    const doc = fixture(name);
    const { graph } = imported(doc);
    const reopened = importGraphText(exportGraphJson(graph));
    expect(reopened.ok).toBe(true);
    if (!reopened.ok) return;
    expect(reopened.format).toBe('flowbench');
    expect(reopened.graph).toEqual(graph);
    expect(graphToFbp(reopened.graph)).toEqual(expectedRoundTrip(doc));
  });

  it('keeps opaque ids such as core/Repeat_x0tsf verbatim', () => {
    const { graph } = imported(fixture('noflo-browser-clock.json'));
    expect(graph.nodes.map((n) => n.id)).toContain('core/Repeat_x0tsf');
    expect(graph.nodes.map((n) => n.id)).toContain('Clock/SecondsHand');
  });

  it('maps known components to kinds and keeps the rest as pass-through functions', () => {
    const { graph } = imported(fixture('noflo-browser-clock.json'));
    expect(node(graph, 'core/Repeat_x0tsf').kind).toBe('source');
    expect(node(graph, 'core/RunInterval_k9d2s').kind).toBe('source');
    expect(node(graph, 'core/Output_u3hk2').kind).toBe('sink');
    const get = node(graph, 'dom/GetElement_mvhv1');
    expect(get.kind).toBe('function');
    expect(get.kind === 'function' && get.params.code).toBe('return msg;');
    expect(nodeExt(graph, 'dom/GetElement_mvhv1')).toMatchObject({
      component: 'dom/GetElement',
      inPorts: ['selector'],
      outPorts: ['element'],
      iips: [],
      metadata: { label: 'dom/GetElement', x: 324, y: 252, width: 72, height: 72 },
    });
    // A subgraph is just another component.
    expect(nodeExt(graph, 'Clock/SecondsHand').component).toBe('noflo-browser-app/SecondsHand');
  });

  it('keeps IIPs whose data is "", 0, false, null or an object', () => {
    const { graph } = imported(fixture('noflo-browser-clock.json'));
    expect(nodeExt(graph, 'core/Output_u3hk2').iips).toEqual([{ port: 'options', data: '' }]);
    expect(nodeExt(graph, 'math/Accumulate_f1xq0').iips).toEqual([{ port: 'start', data: 0 }]);
    expect(nodeExt(graph, 'core/RunInterval_k9d2s').iips).toEqual([
      { port: 'interval', data: 1000 },
      { port: 'stop', data: false },
    ]);
    expect(nodeExt(graph, 'Clock/SecondsHand').iips).toEqual([{ port: 'reset', data: null }]);
    expect(nodeExt(graph, 'css/RotateElement_p0l8h').iips).toEqual([
      {
        port: 'options',
        data: { origin: '50% 100%', unit: 'deg', easing: null },
        metadata: { route: 4 },
      },
    ]);
  });

  it('takes positions and labels from metadata, floats and negatives included', () => {
    const { graph } = imported(fixture('noflo-browser-clock.json'));
    expect(node(graph, 'core/RunInterval_k9d2s').position).toEqual({ x: 108.5, y: -36.25 });
    expect(node(graph, 'core/RunInterval_k9d2s').label).toBe('Every second');
    expect(graph.name).toBe('Clock');
    expect(graph.description).toBe('Rotates the seconds hand once a second');
  });

  it('keeps the legacy exports array and treats array inports/outports as empty', () => {
    const doc = fixture('legacy-exports.json');
    const { graph, approximations } = imported(doc);
    const fbp = graphToFbp(graph);
    expect(fbp.exports).toEqual(doc.exports);
    expect(fbp.inports).toEqual({});
    expect(fbp.outports).toEqual({});
    expect(approximations.some((a) => a.includes('legacy "exports"'))).toBe(true);
    expect(approximations.some((a) => a.includes('"inports" was not an object'))).toBe(false);
  });

  it('gives core/Split one broadcast output per connection and core/Merge one input per connection', () => {
    const { graph } = imported(fixture('legacy-exports.json'));
    const fanout = node(graph, 'fanout');
    expect(fanout.kind === 'split' && fanout.params).toMatchObject({
      policy: 'broadcast',
      outputs: 2,
    });
    expect(node(graph, 'split').kind).toBe('unbatch');
    const merge = node(graph, 'merge');
    expect(merge.kind === 'merge' && merge.params.inputs).toBe(2);
    const ports = graph.edges
      .filter((e) => e.to.node === 'merge')
      .map((e) => [e.to.port, (e as unknown as { 'x-fbp': FbpEdgeExtension })['x-fbp'].tgtPort]);
    expect(ports).toEqual([
      ['in1', 'in'],
      ['in2', 'in'],
    ]);
  });

  it('keeps indices on src, tgt and IIP tgt and treats other indices as other edges', () => {
    const { graph } = imported(fixture('indices-duplicates.json'));
    const exts = graph.edges.map((e) => (e as unknown as { 'x-fbp': FbpEdgeExtension })['x-fbp']);
    expect(exts.filter((x) => x.srcIndex !== undefined).map((x) => x.srcIndex)).toEqual([0, 1]);
    expect(exts.filter((x) => x.tgtIndex !== undefined).map((x) => x.tgtIndex)).toEqual([0, 1]);
    expect(nodeExt(graph, 'resize-large').iips).toEqual([
      { port: 'size', index: 0, data: 1024 },
      { port: 'size', index: 1, data: 768 },
    ]);
  });

  it('merges exact duplicate connections and says so, without failing', () => {
    const { graph, approximations } = imported(fixture('indices-duplicates.json'));
    expect(graph.edges).toHaveLength(8);
    expect(
      approximations.find((a) => a.startsWith('Merged 3 duplicate connections')),
    ).toBeDefined();
  });

  it('keeps edge metadata route whether a number or a string', () => {
    const { graph } = imported(fixture('indices-duplicates.json'));
    const routes = graph.edges.map(
      (e) => (e as unknown as { 'x-fbp': FbpEdgeExtension })['x-fbp'].metadata?.route,
    );
    expect(routes.slice(0, 2)).toEqual(['3', 1]);
  });

  it('lays out nodes without metadata left to right by depth', () => {
    const { graph, approximations } = imported(fixture('groups-no-metadata.json'));
    const x = (id: string) => node(graph, id).position!.x;
    expect(x('motion')).toBe(0);
    expect(x('door')).toBe(0);
    expect(x('any')).toBeGreaterThan(x('motion'));
    expect(x('alien-alarm')).toBeGreaterThan(x('any'));
    expect(x('siren')).toBeGreaterThan(x('alien-alarm'));
    expect(x('sink')).toBeGreaterThan(x('history'));
    expect(node(graph, 'door').position!.y).not.toBe(node(graph, 'motion').position!.y);
    expect(approximations.some((a) => a.startsWith('Laid out 8 nodes'))).toBe(true);
  });

  it('does not write auto-layout positions back, but does once a node has moved', () => {
    const { graph } = imported(fixture('groups-no-metadata.json'));
    expect(graphToFbp(graph).processes.motion).toEqual({ component: 'gpio/Listen' });
    const moved = {
      ...graph,
      nodes: graph.nodes.map((n) => (n.id === 'motion' ? { ...n, position: { x: 5, y: 6 } } : n)),
    };
    expect(graphToFbp(moved).processes.motion).toEqual({
      component: 'gpio/Listen',
      metadata: { x: 5, y: 6 },
    });
  });

  it('keeps groups that are empty or name missing nodes, and reports the missing ones', () => {
    const doc = fixture('groups-no-metadata.json');
    const { graph, approximations } = imported(doc);
    expect(graphToFbp(graph).groups).toEqual(doc.groups);
    expect(approximations.find((a) => a.startsWith('Groups name 2 processes'))).toContain('ghost');
    expect(approximations.find((a) => a.startsWith('Dropped 1 connection'))).toContain(
      'window-sensor',
    );
  });

  it('matches ports case-insensitively and writes back the original spelling', () => {
    const { graph, approximations } = imported(fixture('case-insensitive.json'));
    const edge = (from: string, to: string) =>
      graph.edges.find((e) => e.from.node === from && e.to.node === to)!;
    expect(edge('Intake', 'Validate').to.port).toBe('in');
    expect(edge('Validate', 'Log').from.port).toBe('rejected');
    expect(edge('Lookup', 'Batcher').from.port).toBe('hit');
    expect(edge('Lookup', 'Fetch').from.port).toBe('miss');
    expect(node(graph, 'Limit').kind).toBe('ratelimit');
    expect(node(graph, 'Batcher').kind).toBe('batch');
    // Fetch.Out → Batcher.In and Fetch.out → Batcher.in are the same edge when case does not matter.
    expect(graph.edges.filter((e) => e.from.node === 'Fetch')).toHaveLength(1);
    expect(approximations.some((a) => a.includes('"Lookup.Key → in"'))).toBe(true);
    const fbp = graphToFbp(graph);
    expect(fbp.connections[0]).toEqual({
      src: { process: 'Intake', port: 'OUT' },
      tgt: { process: 'Validate', port: 'In' },
    });
  });

  it('keeps differently cased ports apart when caseSensitive is true', () => {
    const doc = { ...fixture('case-insensitive.json'), caseSensitive: true };
    const { graph } = imported(doc);
    expect(graph.edges.filter((e) => e.from.node === 'Fetch')).toHaveLength(2);
    expect(graphToFbp(graph)).toEqual(expectedRoundTrip(doc));
  });
});

describe('fbpToGraph leniency and errors', () => {
  it('accepts a document with every top-level key missing', () => {
    const r = fbpToGraph({ processes: {} });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.graph.nodes).toEqual([]);
    expect(fbpToGraph({ connections: [] }).ok).toBe(true);
  });

  it('ignores unknown top-level and properties keys', () => {
    const { graph, approximations } = imported({
      $schema: 'x',
      properties: { name: 'A', weird: [1] },
      processes: { a: { component: 'x/Y' } },
    });
    expect(graph.name).toBe('A');
    expect(approximations.some((a) => a.includes('"$schema"'))).toBe(true);
    expect(graphToFbp(graph).properties).toEqual({ name: 'A', weird: [1] });
  });

  it('rejects a non-object document with an empty path', () => {
    for (const doc of [null, 3, 'x', [], true]) {
      const r = fbpToGraph(doc);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]!.path).toBe('');
    }
  });

  it('rejects connections that are not an array, naming the path', () => {
    const r = fbpToGraph({ processes: {}, connections: { a: 1 } });
    expect(r).toEqual({
      ok: false,
      errors: [{ path: 'connections', message: 'must be an array (got an object)' }],
    });
  });

  it('skips connections without a usable endpoint and says which', () => {
    const { graph, approximations } = imported({
      processes: { a: { component: 'x/A' }, b: { component: 'x/B' } },
      connections: [
        null,
        { src: { process: 'a' }, tgt: { process: 'b', port: 'in' } },
        { src: { process: 'a', port: 'out' }, tgt: { process: 'b', port: 'in' } },
      ],
    });
    expect(graph.edges).toHaveLength(1);
    expect(approximations.some((a) => a.includes('connections[0], [1]'))).toBe(true);
  });

  it('gives ids Flowbench cannot hold a new id and writes the original back', () => {
    const long = 'p'.repeat(300);
    const doc = {
      processes: { [long]: { component: 'x/A' }, b: { component: 'x/B' } },
      connections: [{ src: { process: long, port: 'out' }, tgt: { process: 'b', port: 'in' } }],
    };
    const { graph } = imported(doc);
    expect(graph.nodes[0]!.id).toBe('fbp-node-1');
    const fbp = graphToFbp(graph);
    expect(Object.keys(fbp.processes)).toEqual([long, 'b']);
    expect((fbp.connections[0] as { src: { process: string } }).src.process).toBe(long);
  });

  it('keeps a process id named __proto__ as an ordinary key', () => {
    const doc = JSON.parse(
      '{"processes":{"__proto__":{"component":"x/A"},"b":{"component":"core/Output"}},"connections":[{"src":{"process":"__proto__","port":"out"},"tgt":{"process":"b","port":"in"}}]}',
    ) as Obj;
    const fbp = graphToFbp(imported(doc).graph);
    expect(Object.keys(fbp.processes)).toEqual(['__proto__', 'b']);
    expect(JSON.parse(JSON.stringify(fbp)) as unknown).toEqual(
      JSON.parse(JSON.stringify(expectedRoundTrip(doc))) as unknown,
    );
  });

  it('turns a generator with incoming connections into a function node', () => {
    const { graph, approximations } = imported({
      processes: { a: { component: 'x/A' }, r: { component: 'core/Repeat' } },
      connections: [{ src: { process: 'a', port: 'out' }, tgt: { process: 'r', port: 'in' } }],
    });
    expect(node(graph, 'r').kind).toBe('function');
    expect(approximations.some((a) => a.includes('r (core/Repeat as source)'))).toBe(true);
  });

  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = fbpToGraph(v);
        expect(typeof r.ok).toBe('boolean');
        const r2 = fbpToGraph({ processes: v, connections: [] });
        expect(typeof r2.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('never throws when a fixture has a value replaced anywhere', () => {
    const base = fixture('noflo-browser-clock.json');
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
      else if (typeof v === 'object' && v !== null)
        for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
    };
    walk(base, []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.slice(1)), fc.jsonValue(), (path, value) => {
        const doc = structuredClone(base);
        let cur = doc as Record<string | number, unknown>;
        for (const part of path.slice(0, -1)) cur = cur[part] as Record<string | number, unknown>;
        cur[path[path.length - 1]!] = value;
        const r = fbpToGraph(doc);
        if (r.ok) expect(parseGraph(r.graph).ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
