/**
 * What a report says went wrong inside a run (`RunReport.problems`), in
 * virtual time, where the counts are exact: the CLI prints each as a
 * "problem:" line, the UI lists them under the totals.
 */
import { describe, expect, it } from 'vitest';

import { formatReport } from '../../src/cli/report-table.ts';
import { simulate } from '../../src/host/virtual.ts';
import { chain, graphOf } from './run-graph.ts';

const withCode = (code: string, warmupMs = 0) =>
  graphOf({
    name: 'enrich',
    ...chain([
      { id: 'src', kind: 'source', params: { rate: 200, arrival: 'constant' } },
      { id: 'fn', kind: 'function', label: 'Enrich', params: { code } },
      { id: 'out', kind: 'sink' },
    ]),
    run: { durationMs: 1000, warmupMs },
  });

describe('report problems', () => {
  it('says how often a function failed and its last error, in the JSON and the printed table', () => {
    const report = simulate(
      withCode('if (msg.seq % 2 === 1) { const x = undefined; return x.y; } return msg;'),
    );
    // 200 arrivals in 1 s, every other one fails.
    expect(report.nodes.fn!.errors).toBe(100);
    expect(report.nodes.fn!.lastError).toBe(
      "TypeError: Cannot read properties of undefined (reading 'y')",
    );
    const sentence =
      'function "Enrich" failed 100 times; last: TypeError: Cannot read properties of undefined (reading \'y\')';
    expect(report.problems).toEqual([sentence]);
    expect(formatReport(report).split('\n')).toContain(`problem: ${sentence}`);
  });

  it('names refused results too, and says when the failures were all in the warm-up', () => {
    const promise = simulate(withCode('return Promise.resolve(msg);'));
    expect(promise.problems).toEqual([
      'function "Enrich" failed 200 times; last: functions are synchronous: return the message',
    ]);
    // Fails for its first 100 ms only, inside a 500 ms warm-up.
    const early = simulate(
      withCode(
        'ctx.state.t0 ??= ctx.now; if (ctx.now - ctx.state.t0 > 100) return msg; throw new RangeError("cold");',
        500,
      ),
    );
    expect(early.nodes.fn!.errors).toBe(0);
    expect(early.problems).toEqual([
      'function "Enrich" failed before the measured interval; last: RangeError: cold',
    ]);
  });

  it('has no problems when nothing went wrong', () => {
    const report = simulate(withCode('return msg;'));
    expect(report.problems).toBeUndefined();
    expect(formatReport(report)).not.toContain('problem:');
  });
});
