/**
 * Every shipped example predicts with traffic, in bounded CPU time: a
 * prediction that stalls (virtual time standing still) or shows zeros would
 * be a number nobody should trust.
 */
import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { parseGraph } from '../../src/graph/validate.ts';
import { simulate } from '../../src/host/virtual.ts';

const examples = (
  JSON.parse(readFileSync('public/examples/index.json', 'utf8')) as { examples: { file: string }[] }
).examples.map((e) => e.file);

describe('shipped examples in virtual time', () => {
  it('lists every example file in the index', () => {
    const files = readdirSync('public/examples').filter(
      (f) => f.endsWith('.json') && f !== 'index.json' && !f.startsWith('large-'),
    );
    expect([...examples].sort()).toEqual(files.sort());
  });

  it.each(examples)(
    '%s predicts to its end with traffic at every sink, within 5 s of CPU',
    (file) => {
      const parsed = parseGraph(readFileSync(`public/examples/${file}`, 'utf8'));
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const cpu = process.cpuUsage();
      const report = simulate(parsed.graph);
      const used = process.cpuUsage(cpu);
      expect(['duration', 'drained']).toContain(report.run.ended);
      expect(report.run.measuredMs).toBeGreaterThan(0);
      expect(report.totals.throughput).toBeGreaterThan(0);
      for (const node of parsed.graph.nodes) {
        if (node.kind === 'sink') expect(report.nodes[node.id]!.in, node.id).toBeGreaterThan(0);
      }
      expect((used.user + used.system) / 1e6).toBeLessThan(5);
    },
  );
});
