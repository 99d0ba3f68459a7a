import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { main, parseArgs } from './flowbench.ts';

/** A writable that keeps what it is given. */
function sink() {
  const chunks: string[] = [];
  return {
    stream: { write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WritableStream,
    text: () => chunks.join(''),
  };
}

describe('flowbench CLI', () => {
  it('parses every option and rejects bad ones with a sentence', () => {
    expect(
      parseArgs([
        'run',
        'g.json',
        '--duration-ms',
        '500',
        '--warmup-ms',
        '0',
        '--workers',
        '3',
        '--seed',
        '9',
        '--transport',
        'postmessage',
        '--json',
        'r.json',
        '--quiet',
      ]),
    ).toEqual({
      command: 'run',
      file: 'g.json',
      options: { durationMs: 500, warmupMs: 0, workers: 3, seed: 9, transport: 'postmessage' },
      json: 'r.json',
      quiet: true,
      virtual: false,
      allowCode: false,
      warnings: [],
    });
    expect(parseArgs(['run', 'g.json', '--workers', '0'])).toEqual({
      error: expect.stringContaining('--workers'),
    });
    expect(parseArgs(['run', 'g.json', '--transport', 'carrier-pigeon'])).toEqual({
      error: expect.stringContaining('sab or postmessage'),
    });
    expect(parseArgs(['walk', 'g.json'])).toEqual({
      error: expect.stringContaining('unknown command'),
    });
    expect(parseArgs(['run'])).toEqual({ error: 'missing <graph.json>' });
    expect(parseArgs(['--help'])).toEqual({ help: true });
  });

  it('exits 2 with JSON paths for an invalid graph', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-cli-'));
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'flowbench/graph',
        version: 1,
        nodes: [{ id: 'a', kind: 'source', params: { rate: 'fast' } }],
      }),
    );
    const out = sink();
    const err = sink();
    expect(await main(['run', file], out.stream, err.stream)).toBe(2);
    expect(err.text()).toContain(
      'nodes[0].params.rate: must be a number > 0 or "max" (got "fast")',
    );
    expect(out.text()).toBe('');
  });

  it('exits 2 for a missing file', async () => {
    const err = sink();
    expect(await main(['run', '/no/such/graph.json'], sink().stream, err.stream)).toBe(2);
    expect(err.text()).toContain('cannot read /no/such/graph.json');
  });

  it('predicts in virtual time and writes the JSON report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-cli-'));
    const reportFile = join(dir, 'report.json');
    const out = sink();
    const code = await main(
      [
        'run',
        'public/examples/mm1.json',
        '--virtual',
        '--duration-ms',
        '20000',
        '--warmup-ms',
        '1000',
        '--json',
        reportFile,
        '--quiet',
      ],
      out.stream,
      sink().stream,
    );
    expect(code).toBe(0);
    expect(out.text()).toMatch(/total: .* items\/s delivered/);
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    expect(report.format).toBe('flowbench/report');
    expect(report.run.transport).toBe('virtual');
    expect(report.totals.throughput).toBeGreaterThan(0);
    for (const node of Object.values(report.nodes) as {
      latencyMs: { p50: number };
      serviceMs: object;
    }[]) {
      expect(node.latencyMs).toHaveProperty('p50');
      expect(node.serviceMs).toHaveProperty('p99');
    }
  });

  it('exits 1 with the sentence when a prediction deadlocks or its time stands still', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-cli-'));
    const edge = (id: string, from: string, fromPort: string, to: string, toPort: string) => ({
      id,
      from: { node: from, port: fromPort },
      to: { node: to, port: toPort },
      capacity: 16,
    });
    // Every message goes round merge → process → broadcast split → merge for ever: the cycle fills.
    const cycle = join(dir, 'cycle.json');
    writeFileSync(
      cycle,
      JSON.stringify({
        format: 'flowbench/graph',
        version: 1,
        nodes: [
          { id: 'src', kind: 'source', params: { rate: 1000 } },
          { id: 'm', kind: 'merge' },
          { id: 'p', kind: 'process', params: { service: { dist: 'constant', meanMs: 0.5 } } },
          { id: 's', kind: 'split', params: { policy: 'broadcast' } },
          { id: 'out', kind: 'sink' },
        ],
        edges: [
          edge('e1', 'src', 'out', 'm', 'in1'),
          edge('e2', 'm', 'out', 'p', 'in'),
          edge('e3', 'p', 'out', 's', 'in'),
          edge('e4', 's', 'out1', 'm', 'in2'),
          edge('e5', 's', 'out2', 'out', 'in'),
        ],
      }),
    );
    const out = sink();
    const err = sink();
    expect(await main(['run', cycle, '--virtual', '--quiet'], out.stream, err.stream)).toBe(1);
    expect(out.text()).toMatch(
      /^Untitled graph: deadlock \(deadlocked: the cycle through "m", "p", "s"/,
    );
    expect(err.text()).toContain(
      'flowbench: the prediction failed (deadlock): deadlocked: the cycle through "m", "p", "s" is full and nothing in the graph can move any more',
    );
    // A max-rate source straight into a sink has no finite rate in virtual time.
    const firehose = join(dir, 'firehose.json');
    writeFileSync(
      firehose,
      JSON.stringify({
        format: 'flowbench/graph',
        version: 1,
        nodes: [
          { id: 'src', kind: 'source', params: { rate: 'max' } },
          { id: 'out', kind: 'sink' },
        ],
        edges: [edge('e1', 'src', 'out', 'out', 'in')],
      }),
    );
    const err2 = sink();
    expect(await main(['run', firehose, '--virtual', '--quiet'], sink().stream, err2.stream)).toBe(
      1,
    );
    expect(err2.text()).toContain(
      'flowbench: the prediction failed (stalled): virtual time stood still at 0.000 s: "src" kept working',
    );
  });
});
