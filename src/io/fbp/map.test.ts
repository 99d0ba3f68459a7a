/**
 * Map phase: component names to kinds, connection counts to params, FBP ports
 * to the kinds' ports, and the notes it makes, on small parsed inputs.
 */
import { describe, expect, it } from 'vitest';

import { kindForComponent, type MapInput, mapFbp } from './map.ts';
import type { ParsedEdge } from './parse.ts';

const proc = (fbpId: string, component: string, iips = 0): MapInput['processes'][number] => ({
  fbpId,
  component,
  iips: Array.from({ length: iips }, () => ({ port: 'in', data: 1 })),
});
const edge = (from: string, fromPort: string, to: string, toPort: string): ParsedEdge => ({
  src: { process: from, port: fromPort },
  tgt: { process: to, port: toPort },
});
const input = (
  processes: MapInput['processes'],
  edges: ParsedEdge[],
  caseSensitive = false,
): MapInput => ({ caseSensitive, processes, edges });

describe('kindForComponent', () => {
  it.each([
    ['core/Split', 'split'],
    ['core/Merge', 'merge'],
    ['core/Output', 'sink'],
    ['core/Drop', 'sink'],
    ['core/Repeat', 'source'],
    ['core/Kick', 'source'],
    ['core/RunInterval', 'source'],
    ['objects/FilterPropertyValue', 'filter'],
    ['core/RepeatDelayed', 'delay'],
    ['flow/Throttle', 'ratelimit'],
    ['redis/Cache', 'cache'],
    ['packets/Batch', 'batch'],
    ['strings/SplitStr', 'unbatch'],
    ['objects/SplitArray', 'unbatch'],
    ['dom/GetElement', 'function'],
    ['groups/RemoveGroups', 'function'],
    ['', 'function'],
  ])('maps %s to %s', (component, kind) => {
    expect(kindForComponent(component)).toBe(kind);
  });
});

describe('mapFbp', () => {
  it('gives a numbered side one port per connection, in edge order', () => {
    const r = mapFbp(
      input(
        [proc('a', 'x/A'), proc('b', 'x/B'), proc('m', 'core/Merge')],
        [edge('a', 'out', 'm', 'in'), edge('b', 'out', 'm', 'in')],
      ),
    );
    expect(r.nodes[2]).toEqual({ kind: 'merge', params: { inputs: 2 } });
    expect(r.edges.map((e) => e.toPort)).toEqual(['in1', 'in2']);
  });

  it('takes the port of the same name, else a synonym, else the first, and notes the reroutes', () => {
    const r = mapFbp(
      input(
        [proc('c', 'redis/Cache'), proc('h', 'core/Output'), proc('m', 'core/Output')],
        [edge('c', 'HIT', 'h', 'in'), edge('c', 'missed', 'm', 'data')],
      ),
    );
    expect(r.edges).toEqual([
      { fromPort: 'hit', toPort: 'in' },
      { fromPort: 'miss', toPort: 'in' },
    ]);
    expect(r.notes).toContain(
      'Connected 2 FBP ports the node kind lacks to its nearest port (names kept for export): "c.missed → miss", "m.data → in".',
    );
  });

  it('numbers outputs by connection order whatever the FBP port names', () => {
    const r = mapFbp(
      input(
        [proc('s', 'core/Split'), proc('a', 'core/Output'), proc('b', 'core/Output')],
        [edge('s', 'out', 'a', 'in'), edge('s', 'OUT', 'b', 'in'), edge('s', 'x', 'a', 'in')],
      ),
    );
    expect(r.nodes[0]).toEqual({ kind: 'split', params: { policy: 'broadcast', outputs: 3 } });
    expect(r.edges.map((e) => e.fromPort)).toEqual(['out1', 'out2', 'out3']);
    expect(r.notes.some((n) => n.startsWith('Connected'))).toBe(false);
  });

  it('makes a process whose connections do not fit its kind a pass-through Function', () => {
    const r = mapFbp(
      input([proc('a', 'x/A'), proc('out', 'core/Output')], [edge('out', 'out', 'a', 'in')]),
    );
    expect(r.nodes.map((n) => n.kind)).toEqual(['function', 'function']);
    expect(r.notes).toEqual([
      '2 processes became pass-through Function nodes (component, ports and IIPs kept for export): x/A, core/Output.',
      'Became Function nodes because their connections do not fit the kind: "out (core/Output as sink)".',
    ]);
  });

  it('says once per kind of approximation what it mapped, in a fixed order', () => {
    const r = mapFbp(
      input(
        [proc('r', 'core/Repeat', 2), proc('f', 'x/F', 1), proc('g', 'x/F'), proc('o', '')],
        [edge('r', 'out', 'f', 'in'), edge('f', 'out', 'g', 'in'), edge('g', 'out', 'o', 'in')],
      ),
    );
    expect(r.nodes.map((n) => n.kind)).toEqual(['source', 'function', 'function', 'function']);
    expect(r.notes).toEqual([
      'Mapped known components to Flowbench kinds with default parameters: core/Repeat → source.',
      'Generator components became sources emitting at the default rate; in FBP they send their IIPs once.',
      '3 processes became pass-through Function nodes (component, ports and IIPs kept for export): x/F ×2, (none).',
      'Kept 3 IIPs on their nodes for export; Flowbench does not send initial packets.',
    ]);
  });

  it('says nothing for an empty graph', () => {
    expect(mapFbp(input([], []))).toEqual({ nodes: [], edges: [], notes: [] });
  });
});
