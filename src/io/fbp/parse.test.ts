/**
 * Parse phase: lenient reading into processes, edges, IIPs, exported ports
 * and groups, and the notes it makes, on small documents.
 */
import { describe, expect, it } from 'vitest';

import { type ParsedFbp, parseFbp } from './parse.ts';

function parsed(doc: unknown): { fbp: ParsedFbp; notes: string[] } {
  const r = parseFbp(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}

describe('parseFbp', () => {
  it('fails only for a non-object document, non-array connections or unusable processes', () => {
    expect(parseFbp([])).toEqual({
      ok: false,
      errors: [{ path: '', message: 'must be a JSON object (got an array of 0)' }],
    });
    expect(parseFbp({ connections: {} })).toMatchObject({
      ok: false,
      errors: [{ path: 'connections' }],
    });
    expect(parseFbp({ processes: 'a' })).toMatchObject({
      ok: false,
      errors: [{ path: 'processes' }],
    });
    expect(parsed({ processes: [] }).fbp.processes).toEqual([]);
    expect(parsed({}).notes).toEqual([]);
  });

  it('reads processes in file order, a bare string as the component', () => {
    const { fbp, notes } = parsed({
      processes: {
        a: 'core/Output',
        b: { component: 'x/B', metadata: { x: '12', y: -3.5, label: 'B' } },
        c: { metadata: { x: 1 } },
      },
    });
    expect(fbp.processes).toEqual([
      { fbpId: 'a', id: 'a', component: 'core/Output', inPorts: [], outPorts: [], iips: [] },
      {
        fbpId: 'b',
        id: 'b',
        component: 'x/B',
        metadata: { x: '12', y: -3.5, label: 'B' },
        position: { x: 12, y: -3.5 },
        inPorts: [],
        outPorts: [],
        iips: [],
      },
      {
        fbpId: 'c',
        id: 'c',
        component: '',
        metadata: { x: 1 },
        inPorts: [],
        outPorts: [],
        iips: [],
      },
    ]);
    expect(notes).toEqual(['1 process had no component name: "c".']);
  });

  it('gives ids Flowbench cannot hold a fresh id no other process has', () => {
    const { fbp } = parsed({ processes: { '': 'x/A', 'fbp-node-1': 'x/B' } });
    expect(fbp.processes.map((p) => [p.fbpId, p.id])).toEqual([
      ['', 'fbp-node-2'],
      ['fbp-node-1', 'fbp-node-1'],
    ]);
  });

  it('keeps falsy IIPs on their process and sees each port name once, first spelling', () => {
    const { fbp } = parsed({
      processes: { a: 'x/A' },
      connections: [
        { data: 0, tgt: { process: 'a', port: 'Start' } },
        { data: '', tgt: { process: 'A', port: 'start', index: 1 }, metadata: { route: 2 } },
      ],
    });
    expect(fbp.processes[0]!.iips).toEqual([
      { port: 'Start', data: 0 },
      { port: 'start', index: 1, data: '', metadata: { route: 2 } },
    ]);
    expect(fbp.processes[0]!.inPorts).toEqual(['Start']);
  });

  it('resolves a process reference exactly, else by a unique case-insensitive match', () => {
    const { fbp, notes } = parsed({
      processes: { Foo: 'x/A', foo: 'x/B', Bar: 'x/C' },
      connections: [
        { src: { process: 'foo', port: 'out' }, tgt: { process: 'bar', port: 'in' } },
        { src: { process: 'FOO', port: 'out' }, tgt: { process: 'Bar', port: 'in' } },
      ],
    });
    expect(fbp.edges).toEqual([
      { src: { process: 'foo', port: 'out' }, tgt: { process: 'Bar', port: 'in' } },
    ]);
    expect(notes).toEqual([
      'Dropped 1 connection naming processes that do not exist: "FOO.out → Bar.in".',
    ]);
  });

  it('merges exact duplicates, folding port case unless caseSensitive, and keeps other indices apart', () => {
    const doc = {
      processes: { a: 'x/A', b: 'x/B' },
      connections: [
        { src: { process: 'a', port: 'out' }, tgt: { process: 'b', port: 'in' } },
        { src: { process: 'a', port: 'OUT' }, tgt: { process: 'b', port: 'in' } },
        { src: { process: 'a', port: 'out', index: 1 }, tgt: { process: 'b', port: 'in' } },
      ],
    };
    const folded = parsed(doc);
    expect(folded.fbp.edges).toHaveLength(2);
    expect(folded.fbp.processes[0]!.outPorts).toEqual(['out']);
    expect(folded.notes).toEqual(['Merged 1 duplicate connection: "a.OUT → b.in".']);
    const exact = parsed({ ...doc, caseSensitive: true });
    expect(exact.fbp.edges).toHaveLength(3);
    expect(exact.fbp.processes[0]!.outPorts).toEqual(['out', 'OUT']);
    expect(exact.notes).toEqual([]);
  });

  it('keeps exported ports and groups for export and counts their ports as seen', () => {
    const { fbp, notes } = parsed({
      processes: { a: 'x/A' },
      inports: {
        start: { process: 'a', port: 'go', metadata: { x: 1 } },
        broken: { process: 'a' },
      },
      outports: [],
      groups: [{ name: 'g', nodes: ['a', 'ghost', 3] }, { nodes: [] }],
      exports: [{ private: 'a.go', public: 'start' }],
    });
    expect(fbp.processes[0]!.inPorts).toEqual(['go']);
    expect(fbp.graph).toEqual({
      properties: {},
      inports: [{ name: 'start', process: 'a', port: 'go', metadata: { x: 1 } }],
      outports: [],
      groups: [{ name: 'g', nodes: ['a', 'ghost'] }],
      exports: [{ private: 'a.go', public: 'start' }],
    });
    expect(notes).toEqual([
      'Skipped inports without a process and port: "broken".',
      'Skipped 1 group without a name.',
      'Groups name 1 process that do not exist (kept as written): "ghost".',
      'Kept the legacy "exports" array (1 entry) for export as is; it is not converted to graph ports.',
    ]);
  });

  it('says what it ignored or treated as empty, in reading order', () => {
    const { notes } = parsed({
      $schema: 'x',
      properties: 'p',
      processes: {},
      connections: [null, { tgt: { process: 'a', port: 'in' }, src: {} }],
      outports: 'o',
      groups: {},
    });
    expect(notes).toEqual([
      'Ignored unknown top-level keys "$schema".',
      '"properties" was not an object and was treated as empty.',
      'Skipped 2 connections without a usable src/tgt {process, port} (connections[0], [1]).',
      '"outports" was not an object and was treated as empty.',
      '"groups" was not an array and was treated as empty.',
    ]);
  });
});
