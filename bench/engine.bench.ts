/**
 * bench:engine — end-to-end throughput of a 3-stage pipeline
 * (source rate "max" → stage 1 → stage 2 → stage 3 → sink, 64-byte payloads,
 * pass-through stages) on 2 workers, measured in the same process three ways:
 * SAB rings; the postMessage transport with control and metrics still in
 * shared blocks; and postMessage with no shared memory at all (control and
 * metrics by messages too: what a page that is not cross-origin isolated
 * runs), the repetitions interleaved. Prints msg/s per repetition, the
 * medians, and the ratios
 * SAB ÷ postMessage and SAB ÷ no-SAB (the figure the no-SAB banner quotes).
 *
 *   npm run bench:engine [-- --duration-ms 4000 --reps 3 --json out.json]
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

import { parseGraph } from '../src/graph/validate.ts';
import { createNodeEnv } from '../src/host/node/node-env.ts';
import { RunController } from '../src/host/run-controller.ts';

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const durationMs = opt('--duration-ms', 4000);
const reps = opt('--reps', 3);
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;

const stage = (id: string) => ({
  id,
  kind: 'process',
  params: { service: { dist: 'constant', meanMs: 0 } },
});
const doc = {
  format: 'flowbench/graph',
  version: 1,
  name: 'bench: 3-stage pipeline',
  nodes: [
    { id: 'src', kind: 'source', params: { rate: 'max', payloadBytes: 64 } },
    stage('s1'),
    stage('s2'),
    stage('s3'),
    { id: 'out', kind: 'sink' },
  ],
  edges: ['src', 's1', 's2', 's3'].map((from, i) => ({
    id: `e${i + 1}`,
    from: { node: from, port: 'out' },
    to: { node: ['s1', 's2', 's3', 'out'][i]!, port: 'in' },
  })),
  run: { durationMs, warmupMs: Math.min(1000, durationMs / 4), seed: 1, workers: 2 },
};

const parsed = parseGraph(doc);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));

type Mode = 'sab' | 'postmessage' | 'no-sab';

async function once(mode: Mode) {
  const report = await new RunController(
    parsed.ok ? parsed.graph : (undefined as never),
    createNodeEnv(),
    mode === 'no-sab' ? { transport: 'postmessage', sharedMemory: false } : { transport: mode },
  ).run();
  if (report.run.ended !== 'duration')
    throw new Error(`run ended: ${report.run.ended} ${report.run.error ?? ''}`);
  return {
    throughput: report.totals.throughput,
    p50: report.totals.latencyMs.p50,
    p99: report.totals.latencyMs.p99,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

// Repetitions interleave the three modes, so a machine whose load changes
// during the bench weighs on each of them alike.
const modes = ['sab', 'postmessage', 'no-sab'] as const;
const runsOf = new Map<Mode, number[]>(modes.map((m) => [m, []]));
const lastOf = new Map<Mode, { p50: number; p99: number }>();
for (let r = 0; r < reps; r++) {
  for (const transport of modes) {
    const res = await once(transport);
    runsOf.get(transport)!.push(res.throughput);
    lastOf.set(transport, res);
    process.stderr.write(
      `  ${transport} run ${r + 1}/${reps}: ${Math.round(res.throughput)} msg/s\n`,
    );
  }
}
const rows = modes.map((transport) => {
  const runs = runsOf.get(transport)!;
  const last = lastOf.get(transport)!;
  return { transport, runs, median: median(runs), p50Ms: last.p50, p99Ms: last.p99 };
});

const sab = rows[0]!;
const pm = rows[1]!;
const noSab = rows[2]!;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(
  `\nbench:engine — 3-stage pipeline, rate max, 64 B payloads, 2 workers, ${durationMs} ms × ${reps}; ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}\n`,
);
console.log(
  '| transport (no-sab: postmessage, control and metrics by messages) | median msg/s | runs | sink latency p50 / p99 (ms) |',
);
console.log('|---|---:|---|---|');
for (const r of rows)
  console.log(
    `| ${r.transport} | ${fmt(r.median)} | ${r.runs.map(fmt).join(', ')} | ${r.p50Ms} / ${r.p99Ms} |`,
  );
console.log(
  `\nratio sab ÷ postMessage: ${(sab.median / pm.median).toFixed(2)}×  (goal: sab ≥ 1,000,000 msg/s end-to-end)`,
);
console.log(
  `ratio sab ÷ no-sab: ${(sab.median / noSab.median).toFixed(2)}×  (a page without SharedArrayBuffer; the banner quotes this)`,
);
if (jsonFile !== undefined) {
  writeFileSync(
    jsonFile,
    JSON.stringify(
      {
        results: rows,
        ratio: sab.median / pm.median,
        ratioNoSab: sab.median / noSab.median,
      },
      null,
      2,
    ),
  );
}
process.exit(0);
