/**
 * The scheduler with hand-rolled fake channels and kernels: back pressure,
 * order, timed emissions, fairness and what `turn` reports. No threads, no
 * clock: every turn is given its `now`.
 */
import { describe, expect, it } from 'vitest';

import type { Emitter, Kernel, Msg } from '../core/kernel.ts';
import type { Graph } from '../graph/model.ts';
import { testMsg } from '../kinds/fake-emitter.ts';
import type { InChannel, OutChannel } from './channel.ts';
import { createMetricsBlock, I, INSTANCE_FIELDS, type MetricsBlock } from './metrics-block.ts';
import type { Plan, PlanInstance } from './plan.ts';
import { Scheduler, TURN_INPUT_BUDGET } from './scheduler.ts';

/** A consumer end over an array; `release` and arming are counted. */
class FakeIn implements InChannel {
  releases = 0;
  constructor(readonly queue: Msg[] = []) {}
  read(): Msg | undefined {
    return this.queue.shift();
  }
  release(): void {
    this.releases++;
  }
  armSleep(): boolean {
    return this.queue.length > 0;
  }
  disarmSleep(): void {}
}

/** A producer end holding at most `capacity` messages; the test plays the consumer via `take`. */
class FakeOut implements OutChannel {
  readonly overflow = 'block';
  readonly queue: Msg[] = [];
  flushes = 0;
  constructor(public capacity = Infinity) {}
  write(msg: Msg): boolean {
    if (this.queue.length >= this.capacity) return false;
    this.queue.push(msg);
    return true;
  }
  flush(): boolean {
    this.flushes++;
    return false;
  }
  depth(): number {
    return this.queue.length;
  }
  /** The consumer takes up to `n` messages; @returns their seqs. */
  take(n = Infinity): number[] {
    return this.queue.splice(0, n).map((m) => m.seq);
  }
}

interface Received {
  seq: number;
  port: number;
  nowUs: number;
}

/** A kernel whose behaviour each test sets; it records what the scheduler asked of it. */
class FakeKernel implements Kernel {
  received: Received[] = [];
  ticks: number[] = [];
  /** What `tick` returns. */
  nextTickUs = Infinity;
  isReady: (nowUs: number) => boolean = () => true;
  /** Default: pass each message through to output port 0 at once. */
  onReceive: (msg: Msg, port: number, nowUs: number, out: Emitter) => void = (m, _p, _n, out) =>
    out.emit(0, m);
  onTick: (nowUs: number, out: Emitter) => void = () => {};
  ready(nowUs: number): boolean {
    return this.isReady(nowUs);
  }
  receive(msg: Msg, port: number, nowUs: number, out: Emitter): void {
    this.received.push({ seq: msg.seq, port, nowUs });
    this.onReceive(msg, port, nowUs, out);
  }
  tick(nowUs: number, out: Emitter): number {
    this.ticks.push(nowUs);
    this.onTick(nowUs, out);
    return this.nextTickUs;
  }
}

interface InstanceSpec {
  kernel: Kernel;
  /** Per input port, its channels. */
  inputs?: FakeIn[][];
  /** Per output port, the channels of its one edge. */
  outputs?: FakeOut[][];
}

interface Rig {
  scheduler: Scheduler;
  metrics: MetricsBlock;
  /** Instance `i`'s metrics field. */
  field(i: number, f: number): number;
}

/** Builds a one-worker plan around the fakes (only what the scheduler reads) and its scheduler. */
function rig(specs: InstanceSpec[]): Rig {
  const inputs = new Map<number, InChannel>();
  const outputs = new Map<number, OutChannel>();
  const kernels = new Map<number, Kernel>();
  let channel = 0;
  const instances: PlanInstance[] = specs.map((spec, index) => {
    kernels.set(index, spec.kernel);
    return {
      index,
      nodeIndex: index,
      nodeId: `n${index}`,
      kind: 'process',
      instance: 0,
      instances: 1,
      worker: 0,
      weight: 0,
      inputs: (spec.inputs ?? []).map((chans) =>
        chans.map((ch) => {
          inputs.set(channel, ch);
          return channel++;
        }),
      ),
      outputs: (spec.outputs ?? []).map((chans, edge) => [
        {
          edge,
          channels: chans.map((ch) => {
            outputs.set(channel, ch);
            return channel++;
          }),
        },
      ]),
    };
  });
  const plan: Plan = {
    graph: undefined as unknown as Graph, // the scheduler never reads the graph
    workers: 1,
    instances,
    channels: [],
    byWorker: [instances.map((i) => i.index)],
    byNode: instances.map((i) => [i.index]),
  };
  const metrics = createMetricsBlock(
    { instances: specs.length, channels: channel, workers: 1 },
    false,
  );
  const scheduler = new Scheduler(plan, 0, kernels, inputs, outputs, metrics, {
    nowUs: () => 0,
    stopRequested: () => false,
    virtual: true,
  });
  return {
    scheduler,
    metrics,
    field: (i, f) => metrics.instances[i * INSTANCE_FIELDS + f]!,
  };
}

const msgs = (from: number, to: number): Msg[] =>
  Array.from({ length: to - from }, (_, i) => testMsg({ seq: from + i }));

describe('Scheduler: back pressure', () => {
  it('stops feeding an instance whose output is full, and ticks it no more, until there is room', () => {
    const kernel = new FakeKernel();
    const input = new FakeIn(msgs(0, 10));
    const out = new FakeOut(2);
    const { scheduler, field } = rig([{ kernel, inputs: [[input]], outputs: [[out]] }]);

    const r1 = scheduler.turn(0);
    // 0 and 1 fit, 2 is held: the instance takes nothing after it.
    expect(kernel.received.map((x) => x.seq)).toEqual([0, 1, 2]);
    expect(out.take(0)).toEqual([]);
    expect(out.depth()).toBe(2);
    expect(r1.blocked).toBe(true);
    expect(field(0, I.held)).toBe(1);

    const ticksBefore = kernel.ticks.length;
    const r2 = scheduler.turn(10);
    expect(r2).toMatchObject({ worked: false, blocked: true });
    expect(kernel.received.length).toBe(3);
    expect(kernel.ticks.length).toBe(ticksBefore);
    expect(field(0, I.blocked)).toBe(1);
    expect(input.queue.length).toBe(7);

    expect(out.take(1)).toEqual([0]);
    const r3 = scheduler.turn(20);
    // The held message goes first, then input resumes until the output is full again.
    expect(r3.worked).toBe(true);
    expect(out.queue.map((m) => m.seq)).toEqual([1, 2]);
    expect(kernel.received.map((x) => x.seq)).toEqual([0, 1, 2, 3]);
    expect(field(0, I.held)).toBe(1);
    expect(field(0, I.out)).toBe(3);
    expect(field(0, I.in)).toBe(4);
  });

  it('keeps held messages in emission order, even when a later one could go out on a free port', () => {
    const kernel = new FakeKernel();
    kernel.onReceive = (m, _p, _n, out) => {
      out.emit(0, testMsg({ seq: m.seq * 10 }));
      out.emit(1, testMsg({ seq: m.seq * 10 + 1 }));
      out.emit(0, testMsg({ seq: m.seq * 10 + 2 }));
    };
    const full = new FakeOut(0);
    const free = new FakeOut();
    const { scheduler } = rig([
      { kernel, inputs: [[new FakeIn(msgs(1, 3))]], outputs: [[full], [free]] },
    ]);

    scheduler.turn(0);
    // 10 is held on the full port 0, so 11 waits behind it although port 1 has room.
    expect(kernel.received.map((x) => x.seq)).toEqual([1]);
    expect(free.depth()).toBe(0);

    full.capacity = 1;
    scheduler.turn(1);
    expect(full.take()).toEqual([10]);
    expect(free.take()).toEqual([11]);
    scheduler.turn(2);
    expect(full.take()).toEqual([12]);
    full.capacity = Infinity;
    scheduler.turn(3);
    expect(full.take()).toEqual([20, 22]);
    expect(free.take()).toEqual([21]);
  });
});

describe('Scheduler: timed emissions', () => {
  it('holds a future emission until it is due and stamps it with its due time', () => {
    const kernel = new FakeKernel();
    kernel.onReceive = (m, _p, nowUs, out) => out.emit(0, m, nowUs + 100);
    const out = new FakeOut();
    const { scheduler, field } = rig([
      { kernel, inputs: [[new FakeIn(msgs(0, 1))]], outputs: [[out]] },
    ]);

    const r1 = scheduler.turn(1000);
    expect(out.depth()).toBe(0);
    expect(r1.nextUs).toBe(1100);
    expect(field(0, I.held)).toBe(1);
    expect(scheduler.turn(1099).nextUs).toBe(1100);
    expect(out.depth()).toBe(0);
    // A late turn still stamps the time it was due.
    scheduler.turn(1150);
    expect(out.queue.map((m) => [m.seq, m.queuedAtUs])).toEqual([[0, 1100]]);
    expect(field(0, I.held)).toBe(0);
  });

  it('sends emissions due at the same time in the order they were emitted', () => {
    const kernel = new FakeKernel();
    kernel.onTick = (nowUs, out) => {
      if (nowUs === 0) for (let s = 0; s < 10; s++) out.emit(0, testMsg({ seq: s }), 500);
    };
    const out = new FakeOut();
    const { scheduler } = rig([{ kernel, outputs: [[out]] }]);
    scheduler.turn(0);
    scheduler.turn(500);
    expect(out.take()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('sends due emissions in time order, whatever order they were emitted in', () => {
    const kernel = new FakeKernel();
    kernel.onTick = (nowUs, out) => {
      if (nowUs !== 0) return;
      [300, 100, 200, 100].forEach((at, seq) => out.emit(0, testMsg({ seq }), at));
    };
    const out = new FakeOut();
    const { scheduler } = rig([{ kernel, outputs: [[out]] }]);
    scheduler.turn(0);
    scheduler.turn(250);
    expect(out.take()).toEqual([1, 3, 2]);
    scheduler.turn(300);
    expect(out.take()).toEqual([0]);
  });

  it('keeps a due emission behind messages held by back pressure; held, it is stamped when it enters', () => {
    const kernel = new FakeKernel();
    kernel.onTick = (nowUs, out) => {
      if (nowUs !== 0) return;
      out.emit(0, testMsg({ seq: 0 }));
      out.emit(0, testMsg({ seq: 1 }));
      out.emit(0, testMsg({ seq: 2 }), 50);
    };
    const out = new FakeOut(1);
    const { scheduler } = rig([{ kernel, outputs: [[out]] }]);
    scheduler.turn(0);
    expect(out.take()).toEqual([0]);
    scheduler.turn(60);
    expect(out.take()).toEqual([1]);
    scheduler.turn(70);
    // Due at 50, held from 60: it entered the channel when there was room.
    expect(out.queue.map((m) => [m.seq, m.queuedAtUs])).toEqual([[2, 70]]);
  });
});

describe('Scheduler: fairness', () => {
  it(`takes at most TURN_INPUT_BUDGET (${TURN_INPUT_BUDGET}) messages per instance per turn`, () => {
    const a = new FakeKernel();
    const b = new FakeKernel();
    const inA = new FakeIn(msgs(0, 1000));
    const inB = new FakeIn(msgs(0, 1000));
    const { scheduler } = rig([
      { kernel: a, inputs: [[inA]], outputs: [[new FakeOut()]] },
      { kernel: b, inputs: [[inB]], outputs: [[new FakeOut()]] },
    ]);
    scheduler.turn(0);
    expect(a.received.length).toBe(TURN_INPUT_BUDGET);
    expect(b.received.length).toBe(TURN_INPUT_BUDGET);
    scheduler.turn(1);
    expect(a.received.length).toBe(2 * TURN_INPUT_BUDGET);
    expect(b.received.length).toBe(2 * TURN_INPUT_BUDGET);
    expect(inA.releases).toBe(2);
  });

  it('takes input round robin over ports and over the channels of a port', () => {
    const kernel = new FakeKernel();
    kernel.onReceive = () => {};
    const p0a = new FakeIn(msgs(0, 3));
    const p0b = new FakeIn(msgs(10, 13));
    const p1 = new FakeIn(msgs(20, 23));
    const { scheduler } = rig([{ kernel, inputs: [[p0a, p0b], [p1]] }]);
    scheduler.turn(0);
    expect(kernel.received.map((x) => [x.port, x.seq])).toEqual([
      [0, 0],
      [0, 10],
      [1, 20],
      [0, 1],
      [0, 11],
      [1, 21],
      [0, 2],
      [0, 12],
      [1, 22],
    ]);
  });

  it('skips an empty input without stopping the others', () => {
    const kernel = new FakeKernel();
    kernel.onReceive = () => {};
    const { scheduler } = rig([
      { kernel, inputs: [[new FakeIn()], [new FakeIn(msgs(0, 3))], [new FakeIn()]] },
    ]);
    scheduler.turn(0);
    expect(kernel.received.map((x) => [x.port, x.seq])).toEqual([
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
  });

  it('starts the next turn at the port after the one it stopped at', () => {
    const kernel = new FakeKernel();
    kernel.onReceive = () => {};
    // Ready for one message per turn.
    kernel.isReady = (nowUs) => kernel.received.every((x) => x.nowUs !== nowUs);
    const { scheduler } = rig([
      { kernel, inputs: [[new FakeIn(msgs(0, 5))], [new FakeIn(msgs(10, 15))]] },
    ]);
    for (let t = 0; t < 4; t++) scheduler.turn(t);
    expect(kernel.received.map((x) => x.port)).toEqual([0, 1, 0, 1]);
  });
});

describe('Scheduler: what turn reports', () => {
  it('reports work on the first turn (every kernel ticks once), then nothing until something is due', () => {
    const kernel = new FakeKernel();
    const { scheduler } = rig([{ kernel, outputs: [[new FakeOut()]] }]);
    // A tick is work, but it moved no message.
    expect(scheduler.turn(0)).toEqual({
      worked: true,
      moved: false,
      nextUs: Infinity,
      blocked: false,
    });
    expect(scheduler.turn(1)).toEqual({
      worked: false,
      moved: false,
      nextUs: Infinity,
      blocked: false,
    });
    expect(kernel.ticks).toEqual([0]);
  });

  it('reports the earliest of every instance’s next tick and due emission as nextUs', () => {
    const a = new FakeKernel();
    a.nextTickUs = 700;
    const b = new FakeKernel();
    b.onTick = (nowUs, out) => {
      if (nowUs === 0) out.emit(0, testMsg(), 400);
    };
    const { scheduler } = rig([
      { kernel: a, outputs: [[new FakeOut()]] },
      { kernel: b, outputs: [[new FakeOut()]] },
    ]);
    expect(scheduler.turn(0).nextUs).toBe(400);
    expect(scheduler.turn(100)).toEqual({
      worked: false,
      moved: false,
      nextUs: 400,
      blocked: false,
    });
    // The emission due at 400 leaves: a move.
    expect(scheduler.turn(400)).toEqual({ worked: true, moved: true, nextUs: 700, blocked: false });
    // The kernel is ticked when its time comes, and asks for the same time again: no move.
    expect(scheduler.turn(700)).toEqual({
      worked: true,
      moved: false,
      nextUs: 700,
      blocked: false,
    });
    expect(a.ticks).toEqual([0, 700]);
  });

  it('reports work when a held message leaves even though the instance is still blocked', () => {
    const kernel = new FakeKernel();
    kernel.onTick = (nowUs, out) => {
      if (nowUs === 0) for (let s = 0; s < 3; s++) out.emit(0, testMsg({ seq: s }));
    };
    const out = new FakeOut(1);
    const { scheduler } = rig([{ kernel, outputs: [[out]] }]);
    // Emitting into a full channel is a move (the message is held), leaving the FIFO too.
    expect(scheduler.turn(0)).toMatchObject({ worked: true, moved: true, blocked: true });
    expect(scheduler.turn(1)).toMatchObject({ worked: false, moved: false, blocked: true });
    out.take();
    expect(scheduler.turn(2)).toMatchObject({ worked: true, moved: true, blocked: true });
    out.take();
    expect(scheduler.turn(3)).toMatchObject({ worked: true, blocked: false });
  });

  it('publishes every output channel once per turn', () => {
    const out = new FakeOut();
    const { scheduler } = rig([{ kernel: new FakeKernel(), outputs: [[out]] }]);
    for (let t = 0; t < 5; t++) scheduler.turn(t);
    expect(out.flushes).toBe(5);
  });

  it('arms sleep on its inputs and reports whether one already holds a message', () => {
    const busy = new FakeIn(msgs(0, 1));
    const { scheduler } = rig([{ kernel: new FakeKernel(), inputs: [[new FakeIn()], [busy]] }]);
    expect(scheduler.armSleep()).toBe(true);
    busy.queue.length = 0;
    expect(scheduler.armSleep()).toBe(false);
  });
});
