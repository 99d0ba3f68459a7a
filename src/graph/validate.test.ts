import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { LARGE_FIXTURES, largeGraphText } from '../../scripts/gen-large-graph.ts';
import type { GraphInput } from './model.ts';
import { LIMITS } from './schema.ts';
import { formatPath, parseGraph, type ParseResult } from './validate.ts';

const EXAMPLES_DIR = join(import.meta.dirname, '..', '..', 'public', 'examples');
const exampleFiles = readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.json') && f !== 'index.json' && !f.startsWith('large-'))
  .sort();
const readExample = (file: string) => readFileSync(join(EXAMPLES_DIR, file), 'utf8');

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A small valid graph: src → work → fan (split, 2 outputs) → a, b. */
function base(): Doc {
  return {
    format: 'flowbench/graph',
    version: 1,
    name: 'Base',
    nodes: [
      { id: 'src', kind: 'source', params: { rate: 100 } },
      { id: 'work', kind: 'process', params: { service: { dist: 'constant', meanMs: 1 } } },
      { id: 'fan', kind: 'split', params: { outputs: 2 } },
      { id: 'a', kind: 'sink' },
      { id: 'b', kind: 'sink' },
    ],
    edges: [
      { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'work', port: 'in' } },
      { id: 'e2', from: { node: 'work', port: 'out' }, to: { node: 'fan', port: 'in' } },
      { id: 'e3', from: { node: 'fan', port: 'out1' }, to: { node: 'a', port: 'in' } },
      { id: 'e4', from: { node: 'fan', port: 'out2' }, to: { node: 'b', port: 'in' } },
    ],
  };
}

/** base() changed by `edit`. */
function withEdit(edit: (d: Doc) => void): Doc {
  const d = base();
  edit(d);
  return d;
}

/** base() as JSON text with one raw piece spliced in (for what JS objects cannot say). */
const baseText = (replace: [string, string]) => JSON.stringify(base()).replace(...replace);

function expectOk(r: ParseResult): asserts r is Extract<ParseResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got errors:\n${JSON.stringify(r.errors, null, 2)}`);
}

function expectErrors(r: ParseResult) {
  if (r.ok) throw new Error('expected errors, got ok');
  return r.errors;
}

const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

interface InvalidRow {
  name: string;
  input: unknown;
  path: string;
  message: string;
  /** Total errors expected; default 1 (the document has exactly this problem). */
  count?: number;
}

const invalid: InvalidRow[] = [
  // Not a document at all
  {
    name: 'truncated JSON',
    input: JSON.stringify(base()).slice(0, 60),
    path: '',
    message: 'is not valid JSON',
  },
  { name: 'empty text', input: '', path: '', message: 'is not valid JSON' },
  { name: 'an array', input: [], path: '', message: 'must be a JSON object (got an array of 0)' },
  { name: 'null', input: null, path: '', message: 'must be a JSON object (got null)' },
  { name: 'a number', input: 42, path: '', message: 'must be a JSON object (got 42)' },
  { name: 'null as text', input: 'null', path: '', message: 'must be a JSON object (got null)' },
  // Format and version
  {
    name: 'wrong format',
    input: withEdit((d) => (d.format = 'flowbench/other')),
    path: 'format',
    message: 'must be "flowbench/graph" (got "flowbench/other")',
  },
  {
    name: 'missing format',
    input: withEdit((d) => delete d.format),
    path: 'format',
    message: '(got nothing)',
  },
  {
    name: 'newer version',
    input: withEdit((d) => (d.version = 2)),
    path: 'version',
    message: 'is 2, newer than this Flowbench reads (1)',
  },
  {
    name: 'version 0',
    input: withEdit((d) => (d.version = 0)),
    path: 'version',
    message: 'must be a whole number ≥ 1 (got 0)',
  },
  {
    name: 'version as a string',
    input: withEdit((d) => (d.version = '1')),
    path: 'version',
    message: 'must be a whole number ≥ 1 (got "1")',
  },
  {
    name: 'missing version',
    input: withEdit((d) => delete d.version),
    path: 'version',
    message: 'is required',
  },
  // Wrong types
  {
    name: 'nodes is an object',
    input: withEdit((d) => (d.nodes = {})),
    path: 'nodes',
    message: 'must be an array (got an object)',
  },
  {
    name: 'nodes missing',
    input: withEdit((d) => {
      delete d.nodes;
      d.edges = [];
    }),
    path: 'nodes',
    message: 'is required (an array)',
  },
  {
    name: 'node id is a number',
    input: withEdit((d) => (d.nodes[3].id = 7)),
    path: 'nodes[3].id',
    message: 'must be a string (got 7)',
  },
  {
    name: 'empty node id',
    input: withEdit((d) => {
      d.nodes[3].id = '';
      d.edges[2].to.node = '';
    }),
    path: 'nodes[3].id',
    message: 'must not be empty',
    count: 2, // the edge's endpoint is empty too
  },
  {
    name: 'position.x is a string',
    input: withEdit((d) => (d.nodes[0].position = { x: '10', y: 0 })),
    path: 'nodes[0].position.x',
    message: 'must be a number (got "10")',
  },
  // Kinds
  {
    name: 'unknown kind',
    input: withEdit((d) => (d.nodes[1].kind = 'transformer')),
    path: 'nodes[1].kind',
    message:
      'must be one of source, process, batch, unbatch, split, merge, cache, filter, ratelimit, delay, function, sink (got "transformer")',
  },
  {
    name: 'missing kind',
    input: withEdit((d) => delete d.nodes[1].kind),
    path: 'nodes[1].kind',
    message: 'is required (one of source, process',
  },
  // Graph structure
  {
    name: 'dangling edge (from)',
    input: withEdit((d) => (d.edges[0].from.node = 'ghost')),
    path: 'edges[0].from.node',
    message: 'names no node in this graph (got "ghost")',
  },
  {
    name: 'dangling edge (to)',
    input: withEdit((d) => (d.edges[3].to.node = 'ghost')),
    path: 'edges[3].to.node',
    message: 'names no node in this graph (got "ghost")',
  },
  {
    name: 'duplicate node id',
    input: withEdit((d) => {
      d.nodes[4].id = 'a';
      d.edges[3].to.node = 'a';
    }),
    path: 'nodes[4].id',
    message: 'duplicate node id "a" (also nodes[3])',
  },
  {
    name: 'duplicate edge id',
    input: withEdit((d) => (d.edges[2].id = 'e1')),
    path: 'edges[2].id',
    message: 'duplicate edge id "e1" (also edges[0])',
  },
  {
    name: 'input port used as output',
    input: withEdit((d) => (d.edges[1].from.port = 'in')),
    path: 'edges[1].from.port',
    message: 'must be an output port of process node "work": out, error (got "in")',
  },
  {
    name: 'output port used as input',
    input: withEdit((d) => (d.edges[0].to.port = 'out')),
    path: 'edges[0].to.port',
    message: 'must be an input port of process node "work": in (got "out")',
  },
  {
    name: 'edge out of a sink',
    input: withEdit((d) => (d.edges[3].from = { node: 'a', port: 'in' })),
    path: 'edges[3].from.port',
    message: 'a sink node has no output ports (got "in")',
  },
  {
    name: 'port of another kind (cache "hit" on a process)',
    input: withEdit((d) => (d.edges[1].from.port = 'hit')),
    path: 'edges[1].from.port',
    message: 'out, error (got "hit")',
  },
  {
    name: 'out3 on a 2-output split',
    input: withEdit((d) => (d.edges[3].from.port = 'out3')),
    path: 'edges[3].from.port',
    message: 'must be an output port of split node "fan": out1, out2 (got "out3")',
  },
  // Numbers
  {
    name: 'negative rate',
    input: withEdit((d) => (d.nodes[0].params.rate = -5)),
    path: 'nodes[0].params.rate',
    message: 'must be a number > 0 (got -5)',
  },
  {
    name: 'rate "fast"',
    input: withEdit((d) => (d.nodes[0].params.rate = 'fast')),
    path: 'nodes[0].params.rate',
    message: 'must be a number > 0 or "max" (got "fast")',
  },
  {
    name: 'rate 1e999 in text (Infinity)',
    input: baseText(['"rate":100', '"rate":1e999']),
    path: 'nodes[0].params.rate',
    message: '(got Infinity)',
  },
  {
    name: 'meanMs -1e999 in text (-Infinity)',
    input: baseText(['"meanMs":1', '"meanMs":-1e999']),
    path: 'nodes[1].params.service.meanMs',
    message: '(got -Infinity)',
  },
  {
    name: 'NaN as a value',
    input: withEdit((d) => (d.nodes[1].params.errorRate = NaN)),
    path: 'nodes[1].params.errorRate',
    message: '(got NaN)',
  },
  {
    name: 'concurrency 0',
    input: withEdit((d) => (d.nodes[1].params.concurrency = 0)),
    path: 'nodes[1].params.concurrency',
    message: 'must be a number ≥ 1 (got 0)',
  },
  {
    name: 'fractional concurrency',
    input: withEdit((d) => (d.nodes[1].params.concurrency = 1.5)),
    path: 'nodes[1].params.concurrency',
    message: 'must be a whole number (got 1.5)',
  },
  {
    name: 'errorRate above 1',
    input: withEdit((d) => (d.nodes[1].params.errorRate = 1.5)),
    path: 'nodes[1].params.errorRate',
    message: 'must be a number ≤ 1 (got 1.5)',
  },
  {
    name: 'fractional capacity',
    input: withEdit((d) => (d.edges[0].capacity = 10.5)),
    path: 'edges[0].capacity',
    message: 'must be a whole number (got 10.5)',
  },
  {
    name: 'capacity too large',
    input: withEdit((d) => (d.edges[0].capacity = 2 ** 21)),
    path: 'edges[0].capacity',
    message: 'must be a number ≤ 1048576 (got 2097152)',
  },
  {
    name: 'capacity too small',
    input: withEdit((d) => (d.edges[0].capacity = 0)),
    path: 'edges[0].capacity',
    message: 'must be a number ≥ 1 (got 0)',
  },
  {
    name: 'negative seed',
    input: withEdit((d) => (d.run = { seed: -1 })),
    path: 'run.seed',
    message: 'must be a number ≥ 0 (got -1)',
  },
  // Enums and cross-field rules
  {
    name: 'unknown arrival',
    input: withEdit((d) => (d.nodes[0].params.arrival = 'sometimes')),
    path: 'nodes[0].params.arrival',
    message: 'must be "constant" or "poisson" or "burst" (got "sometimes")',
  },
  {
    name: 'unknown overflow',
    input: withEdit((d) => (d.edges[0].overflow = 'explode')),
    path: 'edges[0].overflow',
    message: 'must be "block" or "dropNewest" or "dropOldest" (got "explode")',
  },
  {
    name: 'warmupMs equal to durationMs',
    input: withEdit((d) => (d.run = { durationMs: 1000, warmupMs: 1000 })),
    path: 'run.warmupMs',
    message: 'must be less than run.durationMs (1000) (got 1000)',
  },
  {
    name: 'warmupMs above durationMs (default warmup)',
    input: withEdit((d) => (d.run = { durationMs: 500 })),
    path: 'run.warmupMs',
    message: 'must be less than run.durationMs (500) (got 1000)',
  },
  {
    name: 'weights length mismatch',
    input: withEdit((d) => (d.nodes[2].params = { policy: 'weighted', weights: [1, 2, 3] })),
    path: 'nodes[2].params.weights',
    message: 'must have one weight per output (2), got 3',
  },
  {
    name: 'all weights zero',
    input: withEdit((d) => (d.nodes[2].params = { policy: 'weighted', weights: [0, 0] })),
    path: 'nodes[2].params.weights',
    message: 'must have at least one weight > 0',
  },
  {
    name: 'uniform minMs above maxMs',
    input: withEdit(
      (d) => (d.nodes[1].params.service = { dist: 'uniform', minMs: 5, maxMs: 2, meanMs: 3 }),
    ),
    path: 'nodes[1].params.service.maxMs',
    message: 'must be ≥ minMs',
  },
  // Unknown fields and hostile keys
  {
    name: 'unknown top-level field',
    input: withEdit((d) => (d.author = 'me')),
    path: 'author',
    message:
      'unknown field (allowed: format, version, name, description, nodes, edges, run, targets; extensions start with "x-")',
  },
  {
    name: 'unknown field in params',
    input: withEdit((d) => (d.nodes[1].params.sevrice = {})),
    path: 'nodes[1].params.sevrice',
    message: 'unknown field (allowed: service, perItemMs, mode, concurrency',
  },
  {
    name: 'unknown field in a distribution',
    input: withEdit((d) => (d.nodes[1].params.service.avgMs = 1)),
    path: 'nodes[1].params.service.avgMs',
    message: 'unknown field (allowed: dist, meanMs, stdMs, minMs, maxMs',
  },
  {
    name: 'unknown field in an edge endpoint',
    input: withEdit((d) => (d.edges[0].from.nodeId = 'src')),
    path: 'edges[0].from.nodeId',
    message: 'unknown field (allowed: node, port',
  },
  {
    name: 'unknown field on a node of unknown kind is still named',
    input: withEdit((d) => {
      d.nodes[1].kind = 'nope';
      d.nodes[1].colour = 'red';
    }),
    path: 'nodes[1].colour',
    message: 'unknown field (allowed: id, kind, label, position, worker, params',
    count: 2,
  },
  {
    name: '__proto__ key at top level',
    input: baseText(['{"format"', '{"__proto__":{"polluted":true},"format"']),
    path: '__proto__',
    message: 'unknown field',
  },
  {
    name: '__proto__ key inside a node',
    input: baseText(['{"id":"src"', '{"__proto__":{"kind":"sink"},"id":"src"']),
    path: 'nodes[0].__proto__',
    message: 'unknown field (allowed: id, kind',
  },
  {
    name: 'constructor key',
    input: baseText(['{"format"', '{"constructor":{"prototype":{}},"format"']),
    path: 'constructor',
    message: 'unknown field',
  },
  {
    name: 'prototype key in params',
    input: baseText(['"rate":100', '"rate":100,"prototype":1']),
    path: 'nodes[0].params.prototype',
    message: 'unknown field',
  },
  // Sizes
  {
    name: '10 MB string in name',
    input: withEdit((d) => (d.name = TEN_MB)),
    path: 'name',
    message: 'must be at most 200 characters (got a string of 10485760 characters)',
  },
  {
    name: '10 MB string in function code',
    input: withEdit(
      (d) => (d.nodes[1] = { id: 'work', kind: 'function', params: { code: TEN_MB } }),
    ),
    path: 'nodes[1].params.code',
    message: `must be at most ${LIMITS.maxCodeLength} characters (got a string of 10485760 characters)`,
  },
  {
    name: 'too many nodes',
    input: withEdit((d) => {
      d.nodes = Array.from({ length: LIMITS.maxNodes + 1 }, (_, i) => ({
        id: `n${i}`,
        kind: 'sink',
      }));
      d.edges = [];
    }),
    path: 'nodes',
    message: `must have at most ${LIMITS.maxNodes} items (got an array of ${LIMITS.maxNodes + 1})`,
  },
];

describe('parseGraph: examples', () => {
  it('finds the curated examples', () => {
    expect(exampleFiles.length).toBeGreaterThanOrEqual(6);
  });

  it.each(exampleFiles)('parses %s with no errors and no warnings', (file) => {
    const r = parseGraph(readExample(file));
    expectOk(r);
    expect(r.warnings).toEqual([]);
    expect(r.migratedFrom).toBeUndefined();
    expect(r.graph.name).not.toBe('Untitled graph');
    expect(r.graph.description).toMatch(/\S/);
    expect(r.graph.run).toMatchObject({ durationMs: 10000, warmupMs: 1000, seed: 42 });
    expect(r.graph.run.workers).toBeUndefined();
    for (const node of r.graph.nodes) expect(node.position).toBeDefined();
  });

  it('lists exactly the curated examples in index.json, with their name and description', () => {
    const index = JSON.parse(readExample('index.json')) as {
      examples: { file: string; name: string; description: string }[];
    };
    expect(index.examples.map((e) => e.file).sort()).toEqual(exampleFiles);
    for (const entry of index.examples) {
      expect(Object.keys(entry).sort()).toEqual(['description', 'file', 'name']);
      const r = parseGraph(readExample(entry.file));
      expectOk(r);
      expect(entry.name).toBe(r.graph.name);
      expect(entry.description).toBe(r.graph.description);
    }
  });

  it('keeps the M/M/1 example at λ = 500/s, mean service 1 ms, one server', () => {
    const r = parseGraph(readExample('mm1.json'));
    expectOk(r);
    const source = r.graph.nodes.find((n) => n.kind === 'source');
    const server = r.graph.nodes.find((n) => n.kind === 'process');
    expect(source?.params).toMatchObject({ rate: 500, arrival: 'poisson' });
    expect(server?.params).toMatchObject({
      service: { dist: 'exponential', meanMs: 1 },
      concurrency: 1,
      mode: 'wait',
    });
    expect(r.graph.description).toContain('W = 1/(μ−λ) = 2 ms');
  });

  it.each(Object.entries(LARGE_FIXTURES))(
    'parses bench fixture %s with the promised size, as the generator writes it',
    (file, [nodeCount, edgeCount]) => {
      const text = readFileSync(join(EXAMPLES_DIR, '../../bench/fixtures', file), 'utf8');
      expect(text, 'run npx tsx scripts/gen-large-graph.ts').toBe(
        largeGraphText(nodeCount, edgeCount),
      );
      const r = parseGraph(text);
      expectOk(r);
      expect(r.graph.nodes).toHaveLength(nodeCount);
      expect(r.graph.edges).toHaveLength(edgeCount);
      expect(r.warnings).toEqual([]);
    },
  );
});

describe('docs/graph-format.md', () => {
  it('shows an example document that parses', () => {
    const md = readFileSync(
      join(import.meta.dirname, '..', '..', 'docs', 'graph-format.md'),
      'utf8',
    );
    const block = /```json\n([\s\S]*?)```/.exec(md)?.[1];
    expect(block).toBeDefined();
    const r = parseGraph(block!);
    expectOk(r);
    expect(r.warnings).toEqual([]);
  });
});

describe('parseGraph: invalid documents', () => {
  it('has a valid base document', () => {
    expectOk(parseGraph(base()));
    expectOk(parseGraph(JSON.stringify(base())));
  });

  it(`covers at least 25 kinds of invalid document (${invalid.length})`, () => {
    expect(invalid.length).toBeGreaterThanOrEqual(25);
  });

  it.each(invalid)('reports $name at "$path"', ({ input, path, message, count }) => {
    let r: ParseResult | undefined;
    expect(() => (r = parseGraph(input))).not.toThrow();
    const errors = expectErrors(r!);
    const hit = errors.find((e) => e.path === path);
    expect(hit, `no error at "${path}": ${JSON.stringify(errors)}`).toBeDefined();
    expect(hit!.message).toContain(message);
    expect(errors).toHaveLength(count ?? 1);
  });

  it('reports every problem at once, unknown fields included', () => {
    const errors = expectErrors(
      parseGraph(
        withEdit((d) => {
          d.extra = 1;
          d.nodes[0].params.rate = 'fast';
          d.nodes[0].params.speed = 3;
          d.nodes[1].colour = 'red';
          d.nodes[1].params.concurrency = 0;
          d.edges[0].capacity = 0;
        }),
      ),
    );
    expect(errors.map((e) => e.path).sort()).toEqual(
      [
        'extra',
        'nodes[0].params.rate',
        'nodes[0].params.speed',
        'nodes[1].colour',
        'nodes[1].params.concurrency',
        'edges[0].capacity',
      ].sort(),
    );
  });

  it('reports two unknown fields of one object separately', () => {
    const errors = expectErrors(parseGraph(withEdit((d) => Object.assign(d, { a: 1, b: 2 }))));
    expect(errors.map((e) => e.path)).toEqual(['a', 'b']);
  });

  it('caps a flood of errors with a summary line', () => {
    const errors = expectErrors(
      parseGraph(withEdit((d) => (d.nodes = Array.from({ length: 200 }, () => ({ id: 1 }))))),
    );
    expect(errors).toHaveLength(51);
    expect(errors.at(-1)).toEqual({
      path: '',
      message: expect.stringMatching(/^… and \d+ more errors$/),
    });
  });

  it('does not copy long strings into messages', () => {
    const errors = expectErrors(parseGraph(withEdit((d) => (d.nodes[0].id = TEN_MB))));
    for (const e of errors) expect(e.message.length).toBeLessThan(300);
  });

  it('does not pollute Object.prototype through a __proto__ key', () => {
    parseGraph(baseText(['{"format"', '{"__proto__":{"polluted":true},"format"']));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('turns a throwing getter into an error instead of throwing', () => {
    const doc = base();
    Object.defineProperty(doc, 'name', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const errors = expectErrors(parseGraph(doc));
    expect(errors[0]).toEqual({
      path: '',
      message: expect.stringContaining('could not be validated: boom'),
    });
  });
});

describe('parseGraph: defaults, extensions, warnings', () => {
  it('fills defaults of a minimal source, process, edge and run', () => {
    const r = parseGraph({
      format: 'flowbench/graph',
      version: 1,
      nodes: [
        { id: 's', kind: 'source' },
        { id: 'p', kind: 'process' },
        { id: 'k', kind: 'sink' },
      ],
      edges: [
        { id: 'e1', from: { node: 's', port: 'out' }, to: { node: 'p', port: 'in' } },
        { id: 'e2', from: { node: 'p', port: 'out' }, to: { node: 'k', port: 'in' } },
      ],
    });
    expectOk(r);
    expect(r.graph.name).toBe('Untitled graph');
    expect(r.graph.nodes[0]!.params).toEqual({ rate: 1000, arrival: 'poisson', payloadBytes: 64 });
    expect(r.graph.nodes[1]!.params).toEqual({
      service: { dist: 'exponential', meanMs: 1 },
      perItemMs: 0,
      mode: 'wait',
      concurrency: 1,
      errorRate: 0,
    });
    expect(r.graph.edges[0]).toEqual({
      id: 'e1',
      from: expect.any(Object),
      to: expect.any(Object),
      capacity: 1024,
      overflow: 'block',
    });
    expect(r.graph.run).toEqual({ durationMs: 10000, warmupMs: 1000, seed: 1, transport: 'sab' });
    expect(r.graph.targets).toBeUndefined();
  });

  it('fills nested defaults of optional groups only when the group is present', () => {
    const r = parseGraph(
      withEdit((d) => {
        d.nodes[1].params.retry = {};
        d.nodes[1].params.breaker = { minRequests: 5 };
      }),
    );
    expectOk(r);
    expect(r.graph.nodes[1]!.params).toMatchObject({
      retry: { attempts: 3, backoff: 'exponential', baseMs: 10 },
      breaker: { failureRatio: 0.5, windowMs: 1000, cooldownMs: 5000, minRequests: 5 },
    });
    expect(r.graph.nodes[1]!.params).not.toHaveProperty('timeoutMs');
  });

  it('keeps x- extension keys at every level', () => {
    const r = parseGraph(
      withEdit((d) => {
        d['x-editor'] = { zoom: 1.5 };
        d.nodes[0]['x-colour'] = 'teal';
        d.nodes[1].params['x-note'] = 'tuned';
        d.nodes[1].params.service['x-source'] = 'prod p50';
        d.edges[0]['x-bend'] = [1, 2];
        d.edges[0].from['x-handle'] = 3;
        d.run = { 'x-profile': true };
      }),
    );
    expectOk(r);
    const g = r.graph as Doc;
    expect(g['x-editor']).toEqual({ zoom: 1.5 });
    expect(g.nodes[0]['x-colour']).toBe('teal');
    expect(g.nodes[1].params['x-note']).toBe('tuned');
    expect(g.nodes[1].params.service['x-source']).toBe('prod p50');
    expect(g.edges[0]['x-bend']).toEqual([1, 2]);
    expect(g.edges[0].from['x-handle']).toBe(3);
    expect(g.run['x-profile']).toBe(true);
  });

  it('allows a cycle and names it in a warning', () => {
    const r = parseGraph({
      format: 'flowbench/graph',
      version: 1,
      nodes: [
        { id: 'src', kind: 'source' },
        { id: 'join', kind: 'merge' },
        { id: 'work', kind: 'process' },
        { id: 'k', kind: 'sink' },
      ],
      edges: [
        { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'join', port: 'in1' } },
        { id: 'e2', from: { node: 'join', port: 'out' }, to: { node: 'work', port: 'in' } },
        { id: 'e3', from: { node: 'work', port: 'out' }, to: { node: 'k', port: 'in' } },
        { id: 'e4', from: { node: 'work', port: 'error' }, to: { node: 'join', port: 'in2' } },
      ],
    });
    expectOk(r);
    expect(r.warnings).toEqual([
      { path: 'edges', message: expect.stringContaining('cycle (join → work → join)') },
    ]);
  });

  it('keeps version 1 documents with the retired autoSize valid: removed, with a warning when it was on', () => {
    const r = parseGraph(
      withEdit((d) => {
        d.edges[0].autoSize = true;
        d.edges[0].capacity = 64;
        d.edges[1].autoSize = false;
      }),
    );
    expectOk(r);
    expect(r.graph.edges.every((e) => !Object.hasOwn(e, 'autoSize'))).toBe(true);
    expect(r.warnings.filter((w) => w.path.includes('autoSize'))).toEqual([
      {
        path: 'edges[0].autoSize',
        message: expect.stringMatching(
          /^autoSize is no longer part of the format \(it never changed a run\) and was removed: edge ".+" keeps its capacity of 64 messages/,
        ),
      },
    ]);
  });

  it('warns about unconnected ports without failing', () => {
    const r = parseGraph(withEdit((d) => d.edges.splice(3, 1)));
    expectOk(r);
    expect(r.warnings.map((w) => w.message)).toEqual(['input port "in" of "b" is not connected']);
  });

  it('accepts "max" as a source rate and an empty graph', () => {
    expectOk(parseGraph(withEdit((d) => (d.nodes[0].params.rate = 'max'))));
    expectOk(parseGraph({ format: 'flowbench/graph', version: 1, nodes: [] }));
  });

  it('does not mutate its input', () => {
    const doc = base();
    const before = structuredClone(doc);
    expectOk(parseGraph(doc));
    expect(doc).toEqual(before);
  });
});

describe('formatPath', () => {
  it('writes indexes in brackets and odd keys quoted', () => {
    expect(formatPath(['nodes', 2, 'params', 'rate'])).toBe('nodes[2].params.rate');
    expect(formatPath(['x-ext', 'a b'])).toBe('x-ext["a b"]');
    expect(formatPath([])).toBe('');
  });
});

/** Walks `steps` into a clone of `doc` and replaces, deletes or duplicates what it finds. */
function mutate(doc: unknown, steps: number[], op: 'replace' | 'delete', value: unknown): unknown {
  const root = structuredClone(doc);
  let parent: unknown = undefined;
  let key: string | number | undefined;
  let cur: unknown = root;
  for (const step of steps) {
    if (cur === null || typeof cur !== 'object') break;
    const keys = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur);
    if (keys.length === 0) break;
    parent = cur;
    key = keys[step % keys.length]!;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  if (parent === undefined || key === undefined) return value;
  const p = parent as Record<string | number, unknown>;
  if (op === 'delete') {
    if (Array.isArray(p)) p.splice(key as number, 1);
    else delete p[key];
  } else p[key] = value;
  return root;
}

function checkResult(r: ParseResult) {
  if (r.ok) {
    expect(Array.isArray(r.graph.nodes)).toBe(true);
    return;
  }
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) {
    expect(typeof e.path).toBe('string');
    expect(typeof e.message).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
  }
}

describe('parseGraph: fuzz (fixed seeds)', () => {
  const examples = exampleFiles.map((f) => JSON.parse(readExample(f)) as GraphInput);

  it('never throws on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        checkResult(parseGraph(value));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        checkResult(parseGraph(text));
      }),
      { seed: 42, numRuns: 500 },
    );
  });

  it('never throws on mutated examples', () => {
    fc.assert(
      fc.property(
        fc.nat(examples.length - 1),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('replace' as const, 'delete' as const),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }),
          fc.constantFrom(
            -1,
            0,
            Number.POSITIVE_INFINITY,
            -0,
            2 ** 53,
            '',
            'max',
            '__proto__',
            'in',
            'out3',
          ),
        ),
        (which, steps, op, value) => {
          checkResult(parseGraph(mutate(examples[which], steps, op, value)));
        },
      ),
      { seed: 42, numRuns: 1000 },
    );
  });

  it('never throws on truncated or spliced example text', () => {
    const texts = exampleFiles.map(readExample);
    fc.assert(
      fc.property(
        fc.nat(texts.length - 1),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 8 }),
        (which, a, b, insert) => {
          const text = texts[which]!;
          const at = a % text.length;
          const cut = Math.min(text.length, at + (b % 16));
          checkResult(parseGraph(text.slice(0, at) + insert + text.slice(cut)));
        },
      ),
      { seed: 42, numRuns: 500 },
    );
  });
});

describe('GraphInput type', () => {
  it('describes what a person may write (compile-time checks)', () => {
    const minimal: GraphInput = { format: 'flowbench/graph', version: 1, nodes: [] };
    const badRate: GraphInput = {
      ...minimal,
      // @ts-expect-error rate must be a number or "max"
      nodes: [{ id: 's', kind: 'source', params: { rate: 'fast' } }],
    };
    // @ts-expect-error kind must be a known kind
    const badKind: GraphInput = { ...minimal, nodes: [{ id: 's', kind: 'transformer' }] };
    expect(parseGraph(minimal).ok).toBe(true);
    expect(parseGraph(badRate).ok).toBe(false);
    expect(parseGraph(badKind).ok).toBe(false);
  });
});

describe('every problem in one round', () => {
  it('reports schema errors and graph errors together', () => {
    const r = parseGraph({
      format: 'flowbench/graph',
      version: 1,
      nodes: [
        { id: 'src', kind: 'source', params: { rate: 'fast' } },
        { id: 'p', kind: 'process', params: { service: 5 } },
        { id: 'out', kind: 'sink' },
        { id: 'out', kind: 'sink' },
      ],
      edges: [
        { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'p', port: 'in' } },
        { id: 'e2', from: { node: 'p', port: 'out' }, to: { node: 'nowhere', port: 'in' } },
        { id: 'e3', from: { node: 'out', port: 'oops' }, to: { node: 'p', port: 'in' } },
      ],
      run: { durationMs: 1000, warmupMs: 5000 },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { path: 'nodes[0].params.rate', message: 'must be a number > 0 or "max" (got "fast")' },
      {
        path: 'nodes[1].params.service',
        message:
          'must be a distribution such as {"dist": "exponential", "meanMs": 5} (dist: constant, exponential, uniform, normal or lognormal; times in ms) (got 5)',
      },
      { path: 'run.warmupMs', message: 'must be less than run.durationMs (1000) (got 5000)' },
      { path: 'nodes[3].id', message: 'duplicate node id "out" (also nodes[2])' },
      { path: 'edges[1].to.node', message: 'names no node in this graph (got "nowhere")' },
      { path: 'edges[2].from.port', message: 'a sink node has no output ports (got "oops")' },
    ]);
  });
});
