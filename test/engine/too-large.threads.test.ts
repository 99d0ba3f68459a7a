/**
 * Messages too large for their channel, and user-code errors, on real worker
 * threads over SAB rings: what the report a person reads says about them.
 * Counts are compared with each other (never with timing).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { formatReport, main } from '../../src/cli/flowbench.ts';
import { runGraph } from './run-graph.ts';

function sink() {
  const chunks: string[] = [];
  return {
    stream: { write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WritableStream,
    text: () => chunks.join(''),
  };
}

/** Source → function (code) → sink; source and function on worker 0, the sink on worker 1. */
function withFunction(code: string) {
  return {
    name: 'function on two workers',
    nodes: [
      {
        id: 'src',
        kind: 'source' as const,
        worker: 0,
        params: { rate: 200, arrival: 'constant' as const },
      },
      { id: 'fn', kind: 'function' as const, label: 'Enrich', worker: 0, params: { code } },
      { id: 'out', kind: 'sink' as const, worker: 1 },
    ],
    edges: [
      { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'fn', port: 'in' } },
      { id: 'e2', from: { node: 'fn', port: 'out' }, to: { node: 'out', port: 'in' } },
    ],
    run: { workers: 2, durationMs: 1500, warmupMs: 0 },
  };
}

describe('messages too large for their channel, on real threads', () => {
  it("refuses the issue's batch larger than its ring (exit 2, the edge and the sizes) instead of dropping it on a block edge", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-too-large-'));
    const file = join(dir, 'big-batch.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'flowbench/graph',
        version: 1,
        name: 'big batch',
        nodes: [
          {
            id: 'src',
            kind: 'source',
            worker: 0,
            params: { rate: 100_000, payloadBytes: 65_536 },
          },
          {
            id: 'b',
            kind: 'batch',
            label: 'Batcher',
            worker: 1,
            params: { size: 1024, timeoutMs: 60_000 },
          },
          { id: 'out', kind: 'sink', worker: 2 },
        ],
        edges: [
          { id: 'e1', from: { node: 'src', port: 'out' }, to: { node: 'b', port: 'in' } },
          { id: 'e2', from: { node: 'b', port: 'out' }, to: { node: 'out', port: 'in' } },
        ],
        run: { workers: 3, durationMs: 2000, warmupMs: 0 },
      }),
    );
    const out = sink();
    const err = sink();
    const code = await main(['run', file], out.stream, err.stream);
    expect(code).toBe(2);
    expect(err.text()).toContain('this run was refused before it started; nothing ran:');
    expect(err.text()).toContain(
      'message size: edge "e2" ("Batcher" → "out") crosses workers, so each message must fit its ring, at most 67,108,856 bytes, ' +
        'but "Batcher" (b) sends messages of up to 67,149,864 bytes (41,008 over), made of messages of up to 65,576 bytes',
    );
    expect(out.text()).toBe('');
  });

  it('counts a message bigger than the ring, made at run time, as an error of its producer with a sentence', async () => {
    // The plan sizes fn → out for 1 KiB messages (a 2 MiB ring); the code returns 4 MB.
    const report = await runGraph(withFunction('return { payload: new Uint8Array(4_000_000) };'));
    expect(report.run.error).toBeUndefined();
    expect(report.run.ended).toBe('duration');
    const e2 = report.edges.e2!;
    const fn = report.nodes.fn!;
    expect(e2.tooLarge).toEqual({
      messages: fn.in,
      largestBytes: 4_000_040,
      maxBytes: 2 * 1024 * 1024 - 8,
    });
    expect(fn.in).toBeGreaterThan(100);
    expect(fn.errors).toBe(fn.in);
    expect(e2.drops).toBe(0);
    expect(report.totals.delivered).toBe(0);
    const sentence =
      `edge "e2" ("Enrich" → "out"): ${fn.in.toLocaleString('en')} messages were larger than its ring takes ` +
      '(up to 4,000,040 bytes; at most 2,097,144 fit) and were counted as errors of "Enrich", not delivered; ' +
      'make them smaller, keep both ends on one worker, or use the postmessage transport';
    expect(report.problems).toEqual([sentence]);
    expect(formatReport(report)).toContain(`problem: ${sentence}`);
  });

  it("puts the function's last error, and how often it failed, in the report a person reads", async () => {
    const report = await runGraph(
      withFunction('if (msg.seq % 2 === 1) { const x = undefined; return x.y; } return msg;'),
    );
    expect(report.run.error).toBeUndefined();
    const fn = report.nodes.fn!;
    expect(fn.errors).toBeGreaterThan(50);
    // Every other message fails (± the one in flight at the end).
    expect(Math.abs(fn.errors - (fn.in - fn.errors))).toBeLessThanOrEqual(1);
    expect(fn.lastError).toBe("TypeError: Cannot read properties of undefined (reading 'y')");
    const sentence = `function "Enrich" failed ${fn.errors.toLocaleString('en')} times; last: TypeError: Cannot read properties of undefined (reading 'y')`;
    expect(report.problems).toEqual([sentence]);
    expect(formatReport(report)).toContain(`problem: ${sentence}`);
  });
});
