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
});
