/**
 * Truth tests: the engine's kernels, channels and scheduler against queueing
 * theory, in virtual time (same code as a real run, simulated clock), so the
 * only error left is sampling error. Each tolerance below is stated with the
 * sample size behind it. Real-thread runs are checked in real-time.test.ts.
 */
import { describe, expect, it } from 'vitest';

import type { GraphInput } from '../../src/graph/model.ts';
import { simulate } from '../../src/host/virtual.ts';
import { chain, graphOf } from './run-graph.ts';

type Doc = Omit<GraphInput, 'format' | 'version'>;
const sim = (doc: Doc, durationMs: number, warmupMs = 5000) =>
  simulate(graphOf(doc), { durationMs, warmupMs });
const within = (actual: number, expected: number, rel: number) => {
  expect(
    Math.abs(actual - expected) / expected,
    `${actual} vs ${expected} (±${rel * 100}%)`,
  ).toBeLessThanOrEqual(rel);
};

/** Poisson source → one exponential station → sink. */
function mm(lambda: number, meanMs: number, servers = 1, seed = 11): Doc {
  return {
    ...chain([
      { id: 'src', kind: 'source', params: { rate: lambda, arrival: 'poisson' } },
      {
        id: 'st',
        kind: 'process',
        params: { service: { dist: 'exponential', meanMs }, concurrency: servers },
      },
      { id: 'out', kind: 'sink' },
    ]),
    run: { seed },
  };
}

/** Source (1000/s) → process `p` with these params; its out port → sink `ok`, error port → sink `failed`. */
function withErrorSink(params: Record<string, unknown>): Doc {
  return {
    nodes: [
      { id: 'src', kind: 'source', params: { rate: 1000 } },
      { id: 'p', kind: 'process', params },
      { id: 'ok', kind: 'sink' },
      { id: 'failed', kind: 'sink' },
    ],
    edges: [
      { id: 'in', from: { node: 'src', port: 'out' }, to: { node: 'p', port: 'in' } },
      { id: 'eok', from: { node: 'p', port: 'out' }, to: { node: 'ok', port: 'in' } },
      { id: 'efail', from: { node: 'p', port: 'error' }, to: { node: 'failed', port: 'in' } },
    ],
  };
}

/** Erlang C: probability that an arrival waits in M/M/c with offered load a = λ/μ. */
function erlangC(c: number, a: number): number {
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const last = (term * a) / c; // a^c / c!
  const tail = (last * c) / (c - a);
  return tail / (sum + tail);
}

describe('queueing theory (virtual time)', () => {
  it('M/M/1 at ρ = 0.5 matches W = 1/(μ−λ), its percentiles, Lq and utilisation', () => {
    // λ = 500/s, μ = 1000/s: W = 2 ms; sojourn ~ Exp(μ−λ): p50 = ln 2 / 500 s, p95 = ln 20 / 500 s.
    // 300 s ≈ 150k messages: standard error of the mean ≈ 1 %; tolerance 5 %.
    const r = sim(mm(500, 1), 300_000);
    const lat = r.totals.latencyMs;
    within(lat.mean, 2, 0.05);
    within(lat.p50, (Math.LN2 / 500) * 1000, 0.05);
    within(lat.p95, (Math.log(20) / 500) * 1000, 0.05);
    within(lat.p99, (Math.log(100) / 500) * 1000, 0.07);
    within(r.edges.e1!.depthMean, 0.5, 0.1); // Lq = ρ²/(1−ρ)
    within(r.nodes.st!.utilization!, 0.5, 0.03);
    within(r.totals.throughput, 500, 0.02);
  });

  it('M/M/1 at ρ = 0.8 matches W = 1/(μ−λ) = 5 ms', () => {
    // Heavier correlation at ρ = 0.8: 600 s ≈ 480k messages, standard error ≈ 2.5 %; tolerance 8 %.
    const r = sim(mm(800, 1), 600_000);
    within(r.totals.latencyMs.mean, 5, 0.08);
    within(r.edges.e1!.depthMean, 3.2, 0.12); // Lq = ρ²/(1−ρ)
    within(r.nodes.st!.utilization!, 0.8, 0.03);
  });

  it('M/M/c with c = 2 matches Erlang C', () => {
    // λ = 1500/s, μ = 1000/s per server, c = 2: a = 1.5, C(2, 1.5) = 9/14, Wq = C/(cμ − λ).
    const c = erlangC(2, 1.5);
    expect(c).toBeCloseTo(9 / 14, 10);
    const w = 1 + (c / (2000 - 1500)) * 1000;
    const r = sim(mm(1500, 1, 2), 200_000);
    within(r.totals.latencyMs.mean, w, 0.05);
    within(r.nodes.st!.utilization!, 0.75, 0.03);
  });

  it('a tandem of two M/M/1 stations adds their sojourn times (Jackson network)', () => {
    // λ = 500/s, μ1 = 1000/s, μ2 = 1250/s: W = 1/500 + 1/750 s = 3.333 ms.
    const r = sim(
      {
        ...chain([
          { id: 'src', kind: 'source', params: { rate: 500 } },
          { id: 'a', kind: 'process', params: { service: { dist: 'exponential', meanMs: 1 } } },
          { id: 'b', kind: 'process', params: { service: { dist: 'exponential', meanMs: 0.8 } } },
          { id: 'out', kind: 'sink' },
        ]),
        run: { seed: 5 },
      },
      300_000,
    );
    within(r.totals.latencyMs.mean, 2 + 4 / 3, 0.05);
  });

  it("obeys Little's law on every edge: mean depth = throughput × mean wait in the queue", () => {
    // For a single FIFO station the queue wait is sojourn − service, so Lq = λ (W − S).
    for (const [lambda, meanMs] of [
      [300, 1],
      [700, 1],
      [2000, 0.3],
    ] as const) {
      const r = sim(mm(lambda, meanMs), 200_000);
      const st = r.nodes.st!;
      const wqMs = r.totals.latencyMs.mean - st.serviceMs.mean;
      const lq = r.edges.e1!.throughput * (wqMs / 1000);
      within(r.edges.e1!.depthMean, lq, 0.05);
    }
  });

  it('an LRU cache under uniform keys hits capacity / keys of the time', () => {
    const r = sim(
      {
        nodes: [
          {
            id: 'src',
            kind: 'source',
            params: { rate: 5000, keys: { count: 1000, dist: 'uniform' } },
          },
          { id: 'cache', kind: 'cache', params: { capacity: 250 } },
          { id: 'hit', kind: 'sink' },
          { id: 'miss', kind: 'sink' },
        ],
        edges: [
          { id: 'in', from: { node: 'src', port: 'out' }, to: { node: 'cache', port: 'in' } },
          { id: 'h', from: { node: 'cache', port: 'hit' }, to: { node: 'hit', port: 'in' } },
          { id: 'm', from: { node: 'cache', port: 'miss' }, to: { node: 'miss', port: 'in' } },
        ],
      },
      60_000,
    );
    const c = r.nodes.cache!;
    within(c.hits / (c.hits + c.misses), 0.25, 0.04);
    expect(r.nodes.hit!.in).toBe(c.hits);
    expect(r.nodes.miss!.in).toBe(c.misses);
  });

  it('a rate limiter passes its rate and drops (and counts) the rest', () => {
    const r = sim(
      {
        nodes: [
          { id: 'src', kind: 'source', params: { rate: 2000 } },
          { id: 'rl', kind: 'ratelimit', params: { ratePerSec: 500, burst: 10, onLimit: 'drop' } },
          { id: 'ok', kind: 'sink' },
          { id: 'dropped', kind: 'sink' },
        ],
        edges: [
          { id: 'in', from: { node: 'src', port: 'out' }, to: { node: 'rl', port: 'in' } },
          { id: 'pass', from: { node: 'rl', port: 'out' }, to: { node: 'ok', port: 'in' } },
          {
            id: 'drop',
            from: { node: 'rl', port: 'dropped' },
            to: { node: 'dropped', port: 'in' },
          },
        ],
      },
      60_000,
    );
    within(r.nodes.ok!.throughput, 500, 0.02);
    within(r.nodes.dropped!.throughput, 1500, 0.03);
    expect(r.nodes.rl!.drops).toBe(r.nodes.dropped!.in);
  });

  it('a delaying rate limiter holds back its input (back pressure) instead of dropping', () => {
    const r = sim(
      {
        ...chain(
          [
            { id: 'src', kind: 'source', params: { rate: 2000 } },
            {
              id: 'rl',
              kind: 'ratelimit',
              params: { ratePerSec: 500, burst: 10, onLimit: 'delay' },
            },
            { id: 'out', kind: 'sink' },
          ],
          { capacity: 64 },
        ),
      },
      30_000,
    );
    within(r.nodes.out!.throughput, 500, 0.02);
    expect(r.nodes.rl!.drops).toBe(0);
    expect(r.edges.e1!.depthMean).toBeGreaterThan(60); // the bounded edge stays full
    expect(r.edges.e1!.blockedMs).toBeGreaterThan(1000); // and the source is blocked behind it
  });

  it('batches by size, or by timeout when traffic is thin', () => {
    const batch = (rate: number, size: number, timeoutMs: number) =>
      sim(
        chain([
          { id: 'src', kind: 'source', params: { rate, arrival: 'constant' } },
          { id: 'b', kind: 'batch', params: { size, timeoutMs } },
          { id: 'u', kind: 'unbatch' },
          { id: 'out', kind: 'sink' },
        ]),
        20_000,
        2000,
      );
    const bySize = batch(1000, 10, 1000);
    within(bySize.nodes.b!.in / bySize.nodes.b!.out, 10, 0.01);
    // 100 msg/s with a 50 ms timeout: a batch closes every 50 ms with ~5 members.
    const byTime = batch(100, 1000, 50);
    within(byTime.nodes.b!.in / byTime.nodes.b!.out, 5, 0.05);
    expect(byTime.nodes.out!.in).toBe(byTime.nodes.u!.out);
  });

  it('a per-item cost: utilization = batches/s × (service + n × perItemMs)', () => {
    // Poisson 2000/s into batches of n (the timeout never fires: n arrive in n/2 ms on
    // average), then one wait-mode server, exponential 2 ms, plus perItemMs per member.
    const run = (n: number, perItemMs: number) =>
      sim(
        chain([
          { id: 'src', kind: 'source', params: { rate: 2000, arrival: 'poisson' } },
          { id: 'b', kind: 'batch', params: { size: n, timeoutMs: 1000 } },
          {
            id: 'p',
            kind: 'process',
            params: { service: { dist: 'exponential', meanMs: 2 }, perItemMs },
          },
          { id: 'out', kind: 'sink' },
        ]),
        60_000,
        2000,
      );
    // 58 s measured: n = 20 → ~5800 batches of mean 4 ms, sd 2 ms: the mean service is
    // known to 0.7 % (one standard error); n = 50 → ~2300 of 7 ms: 0.6 %. Tolerance 3 %.
    for (const [n, perItemMs] of [
      [20, 0.1],
      [50, 0.1],
      [20, 0],
    ] as const) {
      const r = run(n, perItemMs);
      const p = r.nodes.p!;
      const batchesPerSec = p.throughput;
      within(batchesPerSec, 2000 / n, 0.02);
      const serviceMs = 2 + n * perItemMs;
      within(p.serviceMs.mean, serviceMs, 0.03);
      within(p.utilization!, (batchesPerSec * serviceMs) / 1000, 0.03);
      // Every member is delivered, counted one each.
      within(r.totals.throughput, 2000, 0.02);
    }
  });

  it('splits by weight, in turn, and to every output', () => {
    const split = (params: Record<string, unknown>) =>
      sim(
        {
          nodes: [
            { id: 'src', kind: 'source', params: { rate: 4000 } },
            { id: 's', kind: 'split', params: { outputs: 2, ...params } },
            { id: 'a', kind: 'sink' },
            { id: 'b', kind: 'sink' },
          ],
          edges: [
            { id: 'in', from: { node: 'src', port: 'out' }, to: { node: 's', port: 'in' } },
            { id: 'ea', from: { node: 's', port: 'out1' }, to: { node: 'a', port: 'in' } },
            { id: 'eb', from: { node: 's', port: 'out2' }, to: { node: 'b', port: 'in' } },
          ],
        },
        30_000,
        1000,
      );
    const w = split({ policy: 'weighted', weights: [1, 3] });
    within(w.nodes.a!.in / (w.nodes.a!.in + w.nodes.b!.in), 0.25, 0.03);
    const rr = split({ policy: 'roundRobin' });
    expect(Math.abs(rr.nodes.a!.in - rr.nodes.b!.in)).toBeLessThanOrEqual(1);
    const all = split({ policy: 'broadcast' });
    expect(all.nodes.a!.in).toBe(all.nodes.s!.in);
    expect(all.nodes.b!.in).toBe(all.nodes.s!.in);
  });

  it('retries failed attempts as often as the error rate implies', () => {
    // errorRate p = 0.5, 2 retries: expected retries per message p + p² = 0.75,
    // final failures p³ = 0.125 of messages.
    const r = sim(
      withErrorSink({
        service: { dist: 'constant', meanMs: 0.1 },
        concurrency: 8,
        errorRate: 0.5,
        retry: { attempts: 2, backoff: 'fixed', baseMs: 1 },
      }),
      60_000,
    );
    const p = r.nodes.p!;
    within(p.retries / p.in, 0.75, 0.03);
    within(r.nodes.failed!.in / p.in, 0.125, 0.05);
  });

  it('counts the slot time of attempts that time out, retries and backoff in utilization', () => {
    // Every attempt runs past timeoutMs = 5 ms, so each one holds its slot exactly 5 ms.
    // No retry: utilization = λ·timeout/c = 200 × 0.005 / 2 = 0.5 (only completed service
    // used to count: 0 %). 40 s ≈ 8000 messages: standard error < 1 %; tolerance 3 %.
    const timeouts = (retry: Record<string, unknown> | undefined, concurrency: number) =>
      sim(
        {
          nodes: [
            { id: 'src', kind: 'source', params: { rate: 200 } },
            {
              id: 'p',
              kind: 'process',
              params: {
                service: { dist: 'constant', meanMs: 50 },
                timeoutMs: 5,
                concurrency,
                ...(retry !== undefined ? { retry } : {}),
              },
            },
            { id: 'ok', kind: 'sink' },
            { id: 'failed', kind: 'sink', params: { role: 'failed' } },
          ],
          edges: [
            { id: 'in', from: { node: 'src', port: 'out' }, to: { node: 'p', port: 'in' } },
            { id: 'eok', from: { node: 'p', port: 'out' }, to: { node: 'ok', port: 'in' } },
            { id: 'ef', from: { node: 'p', port: 'error' }, to: { node: 'failed', port: 'in' } },
          ],
        },
        40_000,
        2000,
      );
    const once = timeouts(undefined, 2);
    expect(once.nodes.p!.timeouts).toBe(once.nodes.p!.in);
    within(once.nodes.p!.utilization!, 0.5, 0.03);
    // Two retries after a fixed 1 ms backoff: each message holds its slot 3 × 5 + 2 × 1 = 17 ms;
    // 200/s on 4 slots: 200 × 0.017 / 4 = 0.85.
    const retried = timeouts({ attempts: 2, backoff: 'fixed', baseMs: 1 }, 4);
    expect(retried.nodes.p!.retries).toBe(2 * retried.nodes.p!.in);
    within(retried.nodes.p!.utilization!, 0.85, 0.03);
  });

  it('opens the circuit breaker when most attempts fail, and rejects while open', () => {
    const r = sim(
      withErrorSink({
        service: { dist: 'constant', meanMs: 0.1 },
        errorRate: 0.9,
        breaker: { failureRatio: 0.5, windowMs: 1000, cooldownMs: 2000, minRequests: 20 },
      }),
      20_000,
      1000,
    );
    const p = r.nodes.p!;
    // Open most of the time: nearly everything is rejected without service.
    expect(p.rejected / p.in).toBeGreaterThan(0.9);
    expect(p.serviceMs.count).toBeLessThan(p.in * 0.1);
    expect(r.nodes.failed!.in + r.nodes.ok!.in).toBe(p.out);
  });
});
