/**
 * The run report: what a run measured after warm-up, as one JSON document
 * (`flowbench/report` v1). The CLI writes it; the UI exports the same shape.
 * Rates are per second over the measured interval (items/s on edges and in
 * the totals, msg/s for nodes); times are milliseconds.
 *
 * Pure: no DOM, no React, no store. Allocates (runs once per report / sample).
 */
import { findKindDef, type Graph, kindDef } from '../graph/model.ts';
import type { Collected } from '../kinds/index.ts';
import { evaluateTargets, type TargetKey, type TargetResult } from './targets.ts';
import { utilization as utilizationOf, utilizationRule } from './utilization.ts';
import type { Plan } from '../runtime/plan.ts';
import {
  createHistogram,
  HISTOGRAM_BUCKETS,
  mean as histogramMean,
  mergeInto,
  percentile,
  subtractInto,
  totalCount,
} from '../core/histogram.ts';
import {
  CF,
  CHANNEL_FIELDS,
  histogramOffset,
  I,
  INSTANCE_FIELDS,
  type MetricsBlock,
} from '../runtime/metrics-block.ts';

export interface Percentiles {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface NodeReport {
  kind: string;
  in: number;
  out: number;
  errors: number;
  drops: number;
  retries: number;
  timeouts: number;
  rejected: number;
  hits: number;
  misses: number;
  /** msg/s leaving the node (entering it, for sinks). */
  throughput: number;
  /**
   * Occupied slot time ÷ (slots × measured time), 0..1: process nodes count
   * each message's attempt chain (services, timed-out attempts, backoffs),
   * function nodes their time in user code; null where it has no meaning.
   */
  utilization: number | null;
  serviceMs: Percentiles & { count: number };
  latencyMs: Percentiles & { count: number };
  /** Circuit breaker at the end: closed, open or half-open (process nodes with a breaker). */
  breaker?: 'closed' | 'open' | 'half-open';
  /** Collectors (sinks): what they collect, and how many items (batch members count one each). */
  role?: Collected;
  items?: number;
  /** The latest error of the node's user code in the run ("TypeError: x is undefined"). */
  lastError?: string;
}

/**
 * One edge over the measured interval. Depths, drops and capacity count
 * messages (a batch is one message); `throughput` counts items.
 */
export interface EdgeReport {
  /**
   * Capacity in force at the end (messages): the sum of the edge's channel
   * capacities, live changes included. The edge's own capacity, or its
   * channel count when that is larger (the validator warns).
   */
  capacity: number;
  depthMean: number;
  /**
   * Most messages waiting, measured right after each write: per channel the
   * exact maximum; for an edge of several channels the sum of theirs (an
   * upper bound: their peaks may not coincide). Never above `capacity`
   * unless the capacity was lowered live.
   */
  depthMax: number;
  drops: number;
  blockedMs: number;
  /** Items/s taken from the edge: a batch counts its members, any other message one. */
  throughput: number;
  /**
   * Messages larger than the edge's ring could carry (a cross-worker channel
   * on the SAB transport): refused and counted as errors of the producing
   * node. Present only when there were some in the measured interval.
   */
  tooLarge?: { messages: number; largestBytes: number; maxBytes: number };
  /** Batches/s taken from the edge (messages that carry members); present only when it carried batches. */
  batchesPerSec?: number;
}

/** Why a run ended; see `RunReport.run.ended`. */
export type RunEnd =
  'duration' | 'stopped' | 'drained' | 'error' | 'deadlock' | 'budget' | 'stalled';

/**
 * The sentence of a run that failed, or undefined for one whose numbers are
 * a result. Only `duration` and `drained` end a prediction well; a real run
 * may also be `stopped` by the person running it. Every other end is a
 * failure: the CLI exits 1 and the UI shows the sentence, not the numbers.
 */
export function runFailure(run: RunReport['run']): string | undefined {
  const ok =
    run.ended === 'duration' ||
    run.ended === 'drained' ||
    (run.ended === 'stopped' && run.transport !== 'virtual');
  return ok ? undefined : (run.error ?? `the run ended with ${run.ended}`);
}

export interface RunReport {
  format: 'flowbench/report';
  version: 1;
  graph: string;
  run: {
    workers: number;
    durationMs: number;
    warmupMs: number;
    measuredMs: number;
    seed: number;
    /** Data plane, or `virtual` for a prediction (simulated clock, one thread). */
    transport: 'sab' | 'postmessage' | 'virtual';
    /**
     * Why the run ended: its duration elapsed, finite sources drained, Stop
     * (a real run), or a failure (see `runFailure`): an error, a deadlock, a
     * prediction's budget spent (events or wall-clock time), or virtual time
     * that stood still.
     */
    ended: RunEnd;
    /** The failure's sentence (every failed end has one). */
    error?: string;
    /** Time from Stop until every worker had left its loop (ms); absent when one had to be terminated. */
    stopMs?: number;
    /**
     * Real runs: scheduling lag over the measured interval, all workers: how
     * late (ms) a worker's turn ran after the earliest timer it was waiting
     * for (a source's next arrival, a service end, a batch deadline, a token).
     */
    schedulingLagMs?: Percentiles & { count: number };
    /**
     * Real runs: the scheduling lag p95 reached `SATURATED_LAG_MS` or its p99
     * `SATURATED_LAG_P99_MS`: the host (or a worker) was saturated, so
     * measured latencies are pessimistic.
     */
    saturated?: boolean;
  };
  nodes: Record<string, NodeReport>;
  edges: Record<string, EdgeReport>;
  totals: {
    /** Delivered items per second (at sinks whose role is delivered; batch members count one each). */
    throughput: number;
    /** End-to-end latency of delivered items. */
    latencyMs: Percentiles & { count: number };
    /** Items collected in the measured interval, by what they are. */
    delivered: number;
    failed: number;
    shed: number;
    /** Messages dropped by full channels (load shed by the pipeline itself). */
    dropped: number;
    /**
     * failed ÷ everything that ended, and (shed + dropped) ÷ everything that
     * ended (delivered + failed + shed + dropped); null when nothing ended.
     */
    errorRate: number | null;
    shedRate: number | null;
    memoryBytes: number;
    sabBytes: number;
  };
  /** Each target the graph sets, against the run (see metrics/targets.ts). */
  targets?: Partial<Record<TargetKey, TargetResult>>;
  /**
   * What went wrong inside the run, as sentences a person reads (user-code
   * errors with the last one, messages too large for their channel); absent
   * when nothing did.
   */
  problems?: string[];
}

/** Whether a value (parsed JSON) has the shape of a `flowbench/report` v1 document. */
export function isRunReport(value: unknown): value is RunReport {
  const r = value as Partial<RunReport> | null;
  return (
    r !== null &&
    typeof r === 'object' &&
    r.format === 'flowbench/report' &&
    r.version === 1 &&
    typeof r.run === 'object' &&
    typeof r.totals === 'object' &&
    r.totals !== null &&
    typeof r.nodes === 'object' &&
    typeof r.edges === 'object'
  );
}

/**
 * The times a node's percentiles read, as its kind declares: end-to-end
 * latency for collectors (sinks), service time for timed stages; undefined
 * for kinds that time nothing.
 */
export function nodeTimes(n: NodeReport): (Percentiles & { count: number }) | undefined {
  const what = findKindDef(n.kind)?.metrics.percentiles;
  return what === 'latency' ? n.latencyMs : what === 'service' ? n.serviceMs : undefined;
}

/** Per-channel time-averaged depth, from the sampler (sum of samples / count). */
export interface DepthSamples {
  sum: Float64Array;
  count: number;
}

const round = (x: number, digits = 3) => {
  if (!Number.isFinite(x)) return 0;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

function stats(counts: Uint32Array, sumUs: number, count: number): Percentiles & { count: number } {
  const n = totalCount(counts);
  return {
    mean: count > 0 ? round(sumUs / count / 1000, 4) : 0,
    p50: n > 0 ? round(percentile(counts, 50) / 1000, 4) : 0,
    p95: n > 0 ? round(percentile(counts, 95) / 1000, 4) : 0,
    p99: n > 0 ? round(percentile(counts, 99) / 1000, 4) : 0,
    count,
  };
}

const BREAKER = ['closed', 'open', 'half-open'] as const;

/** Items collected by role, with the latency of the delivered ones. */
function collectedScope() {
  const scope = {
    delivered: 0,
    failed: 0,
    shed: 0,
    latency: createHistogram(),
    latencySumUs: 0,
    addDelivered(sum: { latencyCount: number; latencySumUs: number }, lat: Uint32Array) {
      scope.delivered += sum.latencyCount;
      scope.latencySumUs += sum.latencySumUs;
      mergeInto(scope.latency, lat);
    },
    add(role: Collected, sum: { latencyCount: number; latencySumUs: number }, lat: Uint32Array) {
      if (role === 'delivered') scope.addDelivered(sum, lat);
      else scope[role] += sum.latencyCount;
    },
  };
  return scope;
}

/**
 * Scheduling lag p95 (ms) from which a real run is flagged as run on a
 * saturated host. On an idle 2-core machine the p95 is tens of µs; a
 * worker that waits for its CPU, or is busy with other work when its timers
 * fall due, runs them milliseconds late.
 */
export const SATURATED_LAG_MS = 2;
/**
 * The same for the p99 (ms): rare long stalls (a thread descheduled for tens
 * of ms) leave the p95 low but build queues that dominate mean latency (a cpu
 * stage at 20 % load: 47 ms mean instead of 5.7 ms with lag p95 0.8, p99 8.4 ms).
 */
export const SATURATED_LAG_P99_MS = 5;

/** The sentence a report, the CLI and the UI show for a saturated host, or undefined. */
export function saturationNote(run: RunReport['run']): string | undefined {
  if (run.saturated !== true || run.schedulingLagMs === undefined) return undefined;
  const lag = run.schedulingLagMs;
  return (
    `the host was saturated: workers ran their timers late (scheduling lag p95 ${lag.p95} ms, p99 ${lag.p99} ms; ` +
    `flagged from p95 ${SATURATED_LAG_MS} ms or p99 ${SATURATED_LAG_P99_MS} ms), so measured latencies and queues are pessimistic; ` +
    'run on a quieter machine or with fewer workers'
  );
}

export interface ReportInput {
  graph: Graph;
  plan: Plan;
  /** Final block, and the block copied at the end of warm-up (or a zeroed block). */
  now: MetricsBlock;
  then: MetricsBlock;
  measuredMs: number;
  durationMs: number;
  warmupMs: number;
  transport: 'sab' | 'postmessage' | 'virtual';
  ended: RunReport['run']['ended'];
  error?: string;
  stopMs?: number;
  depth: DepthSamples;
  memoryBytes: number;
  sabBytes: number;
  /** Node id → the latest error of its user code (`Kernel.lastError`), from the workers. */
  lastErrors?: Readonly<Record<string, string>>;
}

/** Builds the report from two snapshots of the metrics block (after − warm-up). */
export function buildReport(input: ReportInput): RunReport {
  const { graph, plan, now, then } = input;
  const seconds = Math.max(input.measuredMs, 1e-3) / 1000;
  const d = (arr: Float64Array, i: number) => arr[i]! - then.instances[i]!;
  const nodes: Record<string, NodeReport> = {};
  /** Delivered items at all delivered sinks (totals) and at the targets' sinks. */
  const all = collectedScope();
  const scoped = collectedScope();
  const targetSinks = graph.targets?.sinks !== undefined ? new Set(graph.targets.sinks) : undefined;
  const svc = new Uint32Array(HISTOGRAM_BUCKETS);
  const lat = new Uint32Array(HISTOGRAM_BUCKETS);
  const tmp = new Uint32Array(HISTOGRAM_BUCKETS);

  graph.nodes.forEach((node, ni) => {
    const def = kindDef(node.kind);
    const collector = def.role === 'collector';
    const sum = {
      in: 0,
      out: 0,
      errors: 0,
      drops: 0,
      retries: 0,
      timeouts: 0,
      rejected: 0,
      hits: 0,
      misses: 0,
      busyUs: 0,
      serviceSumUs: 0,
      serviceCount: 0,
      latencySumUs: 0,
      latencyCount: 0,
    };
    svc.fill(0);
    lat.fill(0);
    let breaker: number | undefined;
    for (const index of plan.byNode[ni]!) {
      const b = index * INSTANCE_FIELDS;
      const m = now.instances;
      for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += d(m, b + I[key]);
      for (const kind of [0, 1] as const) {
        const off = histogramOffset(index, kind);
        subtractInto(
          tmp,
          now.histograms.subarray(off, off + HISTOGRAM_BUCKETS),
          then.histograms.subarray(off, off + HISTOGRAM_BUCKETS),
        );
        mergeInto(kind === 0 ? svc : lat, tmp);
      }
      if (def.metrics.breaker?.(node.params) === true) breaker = m[b + I.breaker];
    }
    const rule = utilizationRule(node, plan.byNode[ni]!.length);
    const utilization =
      rule === undefined ? null : round(utilizationOf(sum.busyUs, rule.slots, seconds), 4);
    const report: NodeReport = {
      kind: node.kind,
      in: sum.in,
      out: sum.out,
      errors: sum.errors,
      drops: sum.drops,
      retries: sum.retries,
      timeouts: sum.timeouts,
      rejected: sum.rejected,
      hits: sum.hits,
      misses: sum.misses,
      throughput: round((collector ? sum.in : sum.out) / seconds, 2),
      utilization,
      serviceMs: stats(svc, sum.serviceSumUs, sum.serviceCount),
      latencyMs: stats(lat, sum.latencySumUs, sum.latencyCount),
    };
    if (breaker !== undefined) report.breaker = BREAKER[breaker] ?? 'closed';
    const lastError = input.lastErrors?.[node.id];
    if (lastError !== undefined) report.lastError = lastError;
    if (collector) {
      // One latency sample per item: a batch's members each count.
      const role = def.metrics.collects?.(node.params) ?? 'delivered';
      report.role = role;
      report.items = sum.latencyCount;
      all.add(role, sum, lat);
      if (targetSinks === undefined ? role === 'delivered' : targetSinks.has(node.id))
        scoped.addDelivered(sum, lat);
    }
    nodes[node.id] = report;
  });

  const edges: Record<string, EdgeReport> = {};
  graph.edges.forEach((edge) => {
    edges[edge.id] = {
      capacity: 0,
      depthMean: 0,
      depthMax: 0,
      drops: 0,
      blockedMs: 0,
      throughput: 0,
    };
  });
  const batches = new Map<string, number>();
  for (const ch of plan.channels) {
    const e = edges[ch.edgeId]!;
    const cf = ch.index * CHANNEL_FIELDS;
    const tooLarge = now.channelF64[cf + CF.tooLarge]! - then.channelF64[cf + CF.tooLarge]!;
    if (tooLarge > 0) {
      const t = (e.tooLarge ??= { messages: 0, largestBytes: 0, maxBytes: ch.ringBytes - 8 });
      t.messages += tooLarge;
      t.largestBytes = Math.max(t.largestBytes, now.channelF64[cf + CF.tooLargeMaxBytes]!);
    }
    const items = now.channelF64[cf + CF.items]! - then.channelF64[cf + CF.items]!;
    const batched = now.channelF64[cf + CF.batches]! - then.channelF64[cf + CF.batches]!;
    if (batched > 0 || now.channelF64[cf + CF.batches]! > 0)
      batches.set(ch.edgeId, (batches.get(ch.edgeId) ?? 0) + batched);
    e.drops += now.channelF64[cf + CF.drops]! - then.channelF64[cf + CF.drops]!;
    e.blockedMs +=
      (now.channelF64[cf + CF.blockedUs]! - then.channelF64[cf + CF.blockedUs]!) / 1000;
    e.capacity += now.channelF64[cf + CF.capacity]!;
    e.depthMax += now.channelF64[cf + CF.highWater]!;
    e.throughput += items / seconds;
    if (input.depth.count > 0) e.depthMean += input.depth.sum[ch.index]! / input.depth.count;
  }
  for (const [id, n] of batches) edges[id]!.batchesPerSec = round(n / seconds, 2);
  for (const e of Object.values(edges)) {
    e.throughput = round(e.throughput, 2);
    e.depthMean = round(e.depthMean, 3);
    e.blockedMs = round(e.blockedMs, 3);
  }

  const dropped = Object.values(edges).reduce((n, e) => n + e.drops, 0);
  const ended = all.delivered + all.failed + all.shed + dropped;
  const totals: RunReport['totals'] = {
    throughput: round(all.delivered / seconds, 2),
    latencyMs: stats(all.latency, all.latencySumUs, all.delivered),
    delivered: all.delivered,
    failed: all.failed,
    shed: all.shed,
    dropped,
    errorRate: ended > 0 ? round(all.failed / ended, 6) : null,
    shedRate: ended > 0 ? round((all.shed + dropped) / ended, 6) : null,
    memoryBytes: Math.round(input.memoryBytes),
    sabBytes: Math.round(input.sabBytes),
  };
  // Scheduling lag of every worker over the measured interval (real runs only).
  let lagRun: Pick<RunReport['run'], 'schedulingLagMs' | 'saturated'> = {};
  if (input.transport !== 'virtual') {
    const merged = new Uint32Array(HISTOGRAM_BUCKETS);
    for (let w = 0; w < plan.workers; w++) {
      const off = w * HISTOGRAM_BUCKETS;
      subtractInto(
        tmp,
        now.lag.subarray(off, off + HISTOGRAM_BUCKETS),
        then.lag.subarray(off, off + HISTOGRAM_BUCKETS),
      );
      mergeInto(merged, tmp);
    }
    const n = totalCount(merged);
    const lagMs = {
      mean: n > 0 ? round(histogramMean(merged) / 1000, 3) : 0,
      p50: n > 0 ? round(percentile(merged, 50) / 1000, 3) : 0,
      p95: n > 0 ? round(percentile(merged, 95) / 1000, 3) : 0,
      p99: n > 0 ? round(percentile(merged, 99) / 1000, 3) : 0,
      count: n,
    };
    lagRun = {
      schedulingLagMs: lagMs,
      saturated: n > 0 && (lagMs.p95 >= SATURATED_LAG_MS || lagMs.p99 >= SATURATED_LAG_P99_MS),
    };
  }
  const report: RunReport = {
    format: 'flowbench/report',
    version: 1,
    graph: graph.name,
    run: {
      workers: plan.workers,
      durationMs: input.durationMs,
      warmupMs: input.warmupMs,
      measuredMs: round(input.measuredMs, 1),
      seed: graph.run.seed,
      transport: input.transport,
      ended: input.ended,
      ...(input.error !== undefined ? { error: input.error } : {}),
      ...(input.stopMs !== undefined ? { stopMs: round(input.stopMs, 1) } : {}),
      ...lagRun,
    },
    nodes,
    edges,
    totals,
  };
  const problems = reportProblems(graph, nodes, edges);
  if (problems.length > 0) report.problems = problems;
  if (graph.targets !== undefined) {
    const lat = stats(scoped.latency, scoped.latencySumUs, scoped.delivered);
    const has = scoped.delivered > 0;
    report.targets = evaluateTargets(graph.targets, {
      throughput: round(scoped.delivered / seconds, 2),
      meanLatencyMs: has ? lat.mean : null,
      p95LatencyMs: has ? lat.p95 : null,
      p99LatencyMs: has ? lat.p99 : null,
      errorRate: totals.errorRate,
      shedRate: totals.shedRate,
      memoryMB: input.transport === 'virtual' ? null : round(input.memoryBytes / 1e6, 1),
    });
  }
  return report;
}

const count = (x: number) => Math.round(x).toLocaleString('en');

/**
 * The sentences of `RunReport.problems`: for each edge whose messages were
 * too large for its ring, the edge, how many, the sizes and what to change;
 * for each node whose user code failed, how often in the measured interval
 * and the last error. Pure.
 */
export function reportProblems(
  graph: Graph,
  nodes: Readonly<Record<string, NodeReport>>,
  edges: Readonly<Record<string, EdgeReport>>,
): string[] {
  const problems: string[] = [];
  const label = (id: string) => graph.nodes.find((x) => x.id === id)?.label ?? id;
  /** Errors counted on a node by its channels (too-large messages), not by its code. */
  const channelErrors = new Map<string, number>();
  for (const edge of graph.edges) {
    const t = edges[edge.id]?.tooLarge;
    if (t === undefined) continue;
    const from = edge.from.node;
    channelErrors.set(from, (channelErrors.get(from) ?? 0) + t.messages);
    problems.push(
      `edge "${edge.id}" ("${label(from)}" → "${label(edge.to.node)}"): ${count(t.messages)} message${t.messages === 1 ? ' was' : 's were'} larger than its ring takes ` +
        `(up to ${count(t.largestBytes)} bytes; at most ${count(t.maxBytes)} fit) and ${t.messages === 1 ? 'was' : 'were'} counted as errors of "${label(from)}", not delivered; ` +
        'make them smaller, keep both ends on one worker, or use the postmessage transport',
    );
  }
  for (const node of graph.nodes) {
    const n = nodes[node.id];
    if (n?.lastError === undefined) continue;
    const failed = n.errors - (channelErrors.get(node.id) ?? 0);
    const name = `${node.kind} "${label(node.id)}"`;
    problems.push(
      failed > 0
        ? `${name} failed ${count(failed)} time${failed === 1 ? '' : 's'}; last: ${n.lastError}`
        : `${name} failed before the measured interval; last: ${n.lastError}`,
    );
  }
  return problems;
}
