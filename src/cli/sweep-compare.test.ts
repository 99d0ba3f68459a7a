import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { main, parseArgs } from './flowbench.ts';

function sink() {
  const chunks: string[] = [];
  return {
    stream: { write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WritableStream,
    text: () => chunks.join(''),
  };
}

async function cli(argv: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(argv, out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}

const dir = mkdtempSync(join(tmpdir(), 'fb-sweep-'));

describe('flowbench sweep', () => {
  it('reads lists and ranges, and refuses a sweep flag on run', () => {
    const a = parseArgs([
      'sweep',
      'g.json',
      '--set',
      'run.seed=1..4',
      '--set',
      'edges.e1.capacity=8,16',
    ]);
    expect(a).toMatchObject({
      command: 'sweep',
      sets: [
        { path: 'run.seed', values: ['1', '2', '3', '4'] },
        { path: 'edges.e1.capacity', values: ['8', '16'] },
      ],
    });
    expect(parseArgs(['sweep', 'g.json', '--set', 'x=0.5..1.5:0.5'])).toMatchObject({
      sets: [{ values: ['0.5', '1', '1.5'] }],
    });
    expect(parseArgs(['sweep', 'g.json', '--set', 'x=1..1e9'])).toEqual({
      error: 'the range 1..1e9 has 1000000000 values; at most 1000',
    });
    expect(parseArgs(['run', 'g.json', '--set', 'x=1'])).toEqual({
      error: '--set belongs to flowbench sweep',
    });
    expect(parseArgs(['sweep', 'g.json'])).toEqual({
      error: 'flowbench sweep needs at least one --set <path>=<values>',
    });
  });

  it('exits 2 naming a bad path or value, before any run', async () => {
    const bad = await cli([
      'sweep',
      'public/examples/mm1.json',
      '--virtual',
      '--set',
      'nodes.ghost.params.rate=1,2',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"nodes.ghost.params.rate" names no node of this graph; nothing ran');
    const value = await cli([
      'sweep',
      'public/examples/mm1.json',
      '--virtual',
      '--set',
      'nodes.server.params.concurrency=1,0',
    ]);
    expect(value.code).toBe(2);
    expect(value.err).toContain('nodes.server.params.concurrency = 0 is not valid');
    expect(value.out).toBe('');
  });

  it('prints one row per point in the order given and writes flowbench/sweep JSON', async () => {
    const json = join(dir, 'sweep.json');
    const r = await cli([
      'sweep',
      'public/examples/mm1.json',
      '--virtual',
      '--quiet',
      '--duration-ms',
      '3000',
      '--set',
      'nodes.arrivals.params.rate=100,300,600',
      '--json',
      json,
    ]);
    expect(r.code).toBe(0);
    const rows = r.out.trim().split('\n');
    expect(rows[0]).toMatch(
      /^nodes\.arrivals\.params\.rate\s+items\/s\s+p50\s+p95\s+p99\s+dropped\s+busiest\s+targets$/,
    );
    expect(rows.slice(1).map((row) => row.split(/\s+/)[0])).toEqual(['100', '300', '600']);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.format).toBe('flowbench/sweep');
    expect(doc.params).toEqual(['nodes.arrivals.params.rate']);
    expect(doc.points.map((p: { value: number }) => p.value)).toEqual([100, 300, 600]);
    expect(doc.points[2].report.totals.throughput).toBeGreaterThan(500);
  });

  it('sweeps a grid of two --set flags, the first varying slowest, rows and JSON in that order', async () => {
    const json = join(dir, 'grid.json');
    const r = await cli([
      'sweep',
      'public/examples/mm1.json',
      '--virtual',
      '--quiet',
      '--duration-ms',
      '2000',
      '--set',
      'nodes.arrivals.params.rate=100,300',
      '--set',
      'nodes.server.params.concurrency=1,2',
      '--json',
      json,
    ]);
    expect(r.code, r.err).toBe(0);
    const rows = r.out.trim().split('\n');
    expect(rows[0]).toMatch(
      /^nodes\.arrivals\.params\.rate\s+nodes\.server\.params\.concurrency\s+items\/s/,
    );
    expect(rows.slice(1).map((row) => row.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      '100 1',
      '100 2',
      '300 1',
      '300 2',
    ]);
    const doc = JSON.parse(readFileSync(json, 'utf8'));
    expect(doc.params).toEqual(['nodes.arrivals.params.rate', 'nodes.server.params.concurrency']);
    expect(
      doc.points.map((p: { values: Record<string, number> }) => Object.values(p.values)),
    ).toEqual([
      [100, 1],
      [100, 2],
      [300, 1],
      [300, 2],
    ]);
    expect(doc.points.every((p: object) => !('value' in p))).toBe(true);
    // Two servers, same arrivals: the busiest node's utilization halves (31 % → 15 %).
    const busy = rows.slice(3).map((row) => Number(/server (\d+)%/.exec(row)![1]));
    expect(busy[1]).toBeGreaterThanOrEqual(Math.floor(busy[0]! / 2) - 1);
    expect(busy[1]).toBeLessThanOrEqual(Math.ceil(busy[0]! / 2) + 1);
  });
});

describe('flowbench compare', () => {
  const report = (throughput: number, p95: number, drops = 0) => ({
    format: 'flowbench/report',
    version: 1,
    graph: 'g',
    run: {},
    nodes: {},
    edges: { e1: { capacity: 8, depthMean: 1, depthMax: 2, drops, blockedMs: 0, throughput } },
    totals: {
      throughput,
      latencyMs: { mean: p95 / 2, p50: p95 / 2, p95, p99: p95 * 1.2, count: 1000 },
      delivered: 1000,
      failed: 0,
      shed: 0,
      dropped: drops,
      errorRate: 0,
      shedRate: 0,
      memoryBytes: 0,
      sabBytes: 0,
    },
  });
  const file = (name: string, value: unknown) => {
    const f = join(dir, name);
    writeFileSync(f, JSON.stringify(value));
    return f;
  };

  it('exits 0 without a regression, 1 with one beyond the threshold, 2 for unreadable input', async () => {
    const base = file('base.json', report(1000, 10));
    const same = await cli(['compare', base, file('same.json', report(1010, 10.2))]);
    expect(same.code).toBe(0);
    expect(same.out).toContain('no regression beyond the threshold');

    const slower = await cli(['compare', base, file('slow.json', report(1000, 12))]);
    expect(slower.code).toBe(1);
    expect(slower.out).toMatch(
      /total\s+p95 latency \(ms\)\s+10\.000\s+12\.000\s+\+20\.0%\s+REGRESSED/,
    );

    const loose = await cli([
      'compare',
      base,
      file('slow2.json', report(1000, 12)),
      '--threshold-pct',
      '25',
    ]);
    expect(loose.code).toBe(0);

    const drops = await cli(['compare', base, file('drops.json', report(1000, 10, 5))]);
    expect(drops.code).toBe(1);
    expect(drops.out).toContain('+∞');

    const fewer = await cli(['compare', base, file('fewer.json', report(900, 10))]);
    expect(fewer.code).toBe(1);

    expect((await cli(['compare', base, join(dir, 'missing.json')])).code).toBe(2);
    expect(
      (await cli(['compare', base, file('graph.json', { format: 'flowbench/graph' })])).code,
    ).toBe(2);
    expect((await cli(['compare', base])).code).toBe(2);
  });

  it('judges failed items and per-node measures too, naming what regressed', async () => {
    const withNode = (failed: number, p95: number, errors: number, utilization: number) => {
      const r = report(1000, 10);
      const lat = { mean: p95 / 2, p50: p95 / 2, p95, p99: p95 * 1.2, count: 1000 };
      return {
        ...r,
        totals: { ...r.totals, failed },
        nodes: {
          db: {
            in: 1000,
            out: 1000,
            throughput: 1000,
            errors,
            drops: 0,
            utilization,
            latencyMs: { mean: 0, p50: 0, p95: 0, p99: 0, count: 0 },
            serviceMs: lat,
          },
        },
      };
    };
    const base = file('nbase.json', withNode(10, 4, 10, 0.5));
    // Busier but nothing worse: utilization is shown, never judged.
    const busier = await cli(['compare', base, file('busier.json', withNode(10, 4, 10, 0.9))]);
    expect(busier.code).toBe(0);
    expect(busier.out).toMatch(/node db\s+utilization \(%\)\s+50\.000\s+90\.000\s+\+80\.0%/);
    const failing = await cli(['compare', base, file('failing.json', withNode(20, 4, 10, 0.5))]);
    expect(failing.code).toBe(1);
    expect(failing.out).toMatch(
      /total\s+failed \(items\)\s+10\.000\s+20\.000\s+\+100\.0%\s+REGRESSED/,
    );
    const slowNode = await cli(['compare', base, file('slownode.json', withNode(10, 6, 10, 0.5))]);
    expect(slowNode.code).toBe(1);
    expect(slowNode.out).toMatch(
      /node db\s+p95 service time \(ms\)\s+4\.000\s+6\.000\s+\+50\.0%\s+REGRESSED/,
    );
    const erring = await cli(['compare', base, file('erring.json', withNode(10, 4, 12, 0.5))]);
    expect(erring.code).toBe(1);
    expect(erring.out).toMatch(/node db\s+errors\s+10\.000\s+12\.000\s+\+20\.0%\s+REGRESSED/);
  });
});
