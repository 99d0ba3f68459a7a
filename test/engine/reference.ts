/**
 * Exact references for the modelled-time checks (test only), written apart
 * from the engine's kernels:
 * - `limiterThenServer`: Lindley's recursion for a token bucket (burst b,
 *   rate r, full at the start) feeding one FIFO server;
 * - `batcher`: batches closed by size or by a timeout from their first member;
 * and `traceVirtual`, which runs a graph on the engine's own plan, kernels,
 * channels and scheduler on a simulated clock (as `simulate` does) while
 * recording, per message, what the references need (its arrival, the
 * service times the server drew) and what the engine produced (when each
 * item reached its sink).
 */
import type { Emitter, Kernel, Msg } from '../../src/core/kernel.ts';
import { MsgFlags } from '../../src/core/kernel.ts';
import type { Graph } from '../../src/graph/model.ts';
import { CF, CHANNEL_FIELDS, createMetricsBlock } from '../../src/runtime/metrics-block.ts';
import type { InChannel, OutChannel } from '../../src/runtime/channel.ts';
import { buildPlan } from '../../src/runtime/plan.ts';
import { Scheduler } from '../../src/runtime/scheduler.ts';
import { LocalChannel } from '../../src/runtime/transport/local-channel.ts';
import { createKernels } from '../../src/runtime/worker/runtime.ts';

/** One item as the engine handled it (µs on the simulated clock). */
export interface TracedItem {
  seq: number;
  bornUs: number;
  /** When it reached the sink (the sink's arrival time, what its latency is measured to). */
  sunkUs: number;
}

export interface Trace {
  /** Items at the sink, by source sequence number. */
  items: Map<number, TracedItem>;
  /** Service times (µs) the server drew, by the sequence number of the message it served. */
  service: Map<number, number>;
}

const T0_US = 1e12;

/**
 * Runs `graph` in virtual time (one worker, like `simulate`) until it drains
 * or `durationMs` passes. `sinkId` is the sink to trace; `serverId` the
 * process whose service draws to record (optional).
 */
export function traceVirtual(
  graph: Graph,
  sinkId: string,
  serverId?: string,
  durationMs = 600_000,
): Trace {
  const g: Graph = { ...graph, run: { ...graph.run, workers: 1 } };
  const plan = buildPlan(g, { workers: 1 });
  const metrics = createMetricsBlock(
    { instances: plan.instances.length, channels: plan.channels.length, workers: 1 },
    false,
  );
  const inputs = new Map<number, InChannel>();
  const outputs = new Map<number, OutChannel>();
  for (const ch of plan.channels) {
    metrics.channelF64[ch.index * CHANNEL_FIELDS + CF.capacity] = ch.capacity;
    const local = new LocalChannel(ch, metrics);
    inputs.set(ch.index, local);
    outputs.set(ch.index, local);
  }
  let now = T0_US;
  const kernels = createKernels(plan, g, 0, outputs, metrics);
  const trace: Trace = { items: new Map(), service: new Map() };
  for (const inst of plan.instances) {
    const kernel = kernels.get(inst.index)!;
    if (inst.nodeId === sinkId) kernels.set(inst.index, tracingSink(kernel, trace));
    if (inst.nodeId === serverId) kernels.set(inst.index, tracingServer(kernel, trace));
  }
  const scheduler = new Scheduler(plan, 0, kernels, inputs, outputs, metrics, {
    nowUs: () => now,
    stopRequested: () => false,
    virtual: true,
  });
  const endUs = T0_US + durationMs * 1000;
  while (now < endUs) {
    const r = scheduler.turn(now);
    if (r.worked) continue;
    if (r.nextUs === Infinity) break;
    now = Math.min(r.nextUs, endUs);
  }
  return trace;
}

function tracingSink(kernel: Kernel, trace: Trace): Kernel {
  const note = (msg: Msg, atUs: number) => {
    if ((msg.flags & MsgFlags.batch) !== 0 && msg.items !== undefined) {
      for (const m of msg.items) note(m, atUs);
      return;
    }
    trace.items.set(msg.seq, { seq: msg.seq, bornUs: msg.bornAtUs, sunkUs: atUs });
  };
  return {
    ready: (now) => kernel.ready(now),
    tick: (now, out) => kernel.tick(now, out),
    receive(msg, port, now, out) {
      note(msg, Math.min(now, msg.queuedAtUs));
      kernel.receive(msg, port, now, out);
    },
  };
}

function tracingServer(kernel: Kernel, trace: Trace): Kernel {
  return {
    ready: (now) => kernel.ready(now),
    tick: (now, out) => kernel.tick(now, out),
    receive(msg, port, now, out) {
      let drawn = 0;
      const spy: Emitter = {
        emit: (p, m, at) => out.emit(p, m, at),
        count: (name, n) => out.count(name, n),
        service: (us) => {
          drawn += us;
          out.service(us);
        },
        latency: (us) => out.latency(us),
        burn: (us) => out.burn(us),
        occupy: (us) => out.occupy(us),
      };
      kernel.receive(msg, port, now, spy);
      trace.service.set(msg.seq, drawn);
    },
  };
}

/**
 * Lindley's recursion through a token bucket and one FIFO server.
 * Arrival a_n (sorted), service s_n. The bucket holds b tokens at the first
 * arrival and gains r per µs up to b; message n leaves it at
 * d_n = max(a_n, d_{n−1}), or later, when a whole token has arrived; the
 * server finishes it at c_n = max(d_n, c_{n−1}) + s_n.
 * @returns c_n per message (µs).
 */
export function limiterThenServer(
  arrivalsUs: readonly number[],
  serviceUs: readonly number[],
  ratePerSec: number,
  burst: number,
): number[] {
  const r = ratePerSec / 1e6;
  let tokens = burst;
  let last = arrivalsUs[0] ?? 0;
  let departed = -Infinity;
  let finished = -Infinity;
  return arrivalsUs.map((a, n) => {
    let d = Math.max(a, departed);
    tokens = Math.min(burst, tokens + (d - last) * r);
    if (tokens < 1) {
      d += (1 - tokens) / r;
      tokens = 1;
    }
    tokens -= 1;
    last = d;
    departed = d;
    finished = Math.max(d, finished) + serviceUs[n]!;
    return finished;
  });
}

/**
 * A batcher: a batch opens at its first member's arrival and closes when it
 * has `size` members (at the last one's arrival) or at open + timeout,
 * whichever comes first; a member arriving at or after the deadline opens
 * the next batch. @returns the close time of each member's batch (µs).
 */
export function batcher(arrivalsUs: readonly number[], size: number, timeoutUs: number): number[] {
  const closes: number[] = [];
  let open: number[] = [];
  let deadline = Infinity;
  const close = (at: number) => {
    for (let k = 0; k < open.length; k++) closes.push(at);
    open = [];
    deadline = Infinity;
  };
  for (const a of arrivalsUs) {
    if (open.length > 0 && a >= deadline) close(deadline);
    if (open.length === 0) deadline = a + timeoutUs;
    open.push(a);
    if (open.length >= size) close(a);
  }
  if (open.length > 0) close(deadline);
  return closes;
}
