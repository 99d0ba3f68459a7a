/**
 * The host side of a run, for any environment: allocates the shared blocks,
 * starts W workers through an injected `HostEnv` (Web Workers in the browser,
 * worker_threads in Node), drives the control word, samples queue depths,
 * applies the decisions of the run monitor (`runtime/monitor.ts`: warm-up
 * baseline, progress, watchdog, deadlock, drained, duration) and builds the
 * report.
 *
 * Control and metrics travel through shared blocks (SharedArrayBuffer), or,
 * where there is none (`HostEnv.sharedMemory` false: a page that is not
 * cross-origin isolated), by messages over one link per worker
 * (runtime/message-link.ts) into an unshared copy of the metrics block; the
 * transport is then postMessage whatever the graph asks. Everything that
 * reads the block (monitor, depth sampling, sampler, report) is the same.
 *
 * No DOM and no Node imports: the environment is injected. Uses timers.
 */
import type { Remote } from 'comlink';

import { shareCapacity } from '../graph/capacity.ts';
import type { Graph, GraphNode } from '../graph/model.ts';
import { nodeSchemas } from '../graph/schema.ts';
import {
  C,
  CF,
  CHANNEL_FIELDS,
  CHANNEL_I32_STRIDE,
  createMetricsBlock,
  I,
  INSTANCE_FIELDS,
  type MetricsBlock,
  metricsLayout,
  type MetricsShape,
  snapshotBlock,
  WI,
  WORKER_I32_STRIDE,
} from '../runtime/metrics-block.ts';
import { buildReport, type RunReport } from '../metrics/report.ts';
import {
  clockUs,
  Command,
  ControlBlock,
  type HostControl,
  type LiveChange,
} from '../runtime/control.ts';
import {
  allocateShared,
  allocationProblem,
  frameProblems,
  planLimitProblems,
  RunRefusedError,
} from '../runtime/limits.ts';
import { HostLink } from '../runtime/message-link.ts';
import { liveChangeRefusal } from '../runtime/live.ts';
import {
  deadlockMessage,
  generatorsFinite,
  metricsView,
  type MonitorConfig,
  monitorConfig,
  monitorResumed,
  type MonitorState,
  monitorState,
  observe,
  type RunProgress,
  stalledFor,
} from '../runtime/monitor.ts';
import { buildPlan, type Plan } from '../runtime/plan.ts';
import type { PortLike } from '../runtime/transport/port-channel.ts';
import { initRings, ringLayout } from '../runtime/transport/sab-channel.ts';
import type { EngineApi, WorkerResult, WorkerSetup } from '../runtime/worker/runtime.ts';

/** One started worker, as the environment gives it. */
export interface WorkerHandle {
  api: Remote<EngineApi>;
  terminate(): void | Promise<unknown>;
}

/** What the host needs from its environment. */
export interface HostEnv {
  /**
   * Starts engine worker `index`. `onFailure` is called (with a sentence)
   * when the worker cannot load its script, throws outside the engine's
   * control (a timer in user code), runs out of memory, or exits on its own.
   */
  spawnWorker(index: number, onFailure: (message: string) => void): WorkerHandle;
  /** A connected pair of ports (MessageChannel) for the postMessage transport. */
  createPortPair(): [PortLike, PortLike];
  /** Marks `value` so `ports` are transferred, not cloned (comlink `transfer`). */
  transfer<T>(value: T, ports: unknown[]): T;
  /** Bytes of JS memory in use (heap or RSS), for the report. */
  memoryBytes(): number;
  hardwareConcurrency: number;
  /**
   * How long a worker may take to load and answer before the run fails (ms).
   * Default START_TIMEOUT_MS; an environment that reports load failures as
   * events and may load slowly on a busy machine (Node, compiling
   * TypeScript) gives a longer one.
   */
  startTimeoutMs?: number;
  /**
   * Whether SharedArrayBuffer can be shared with workers here (a browser
   * page: only when cross-origin isolated). Default: whether it exists.
   */
  sharedMemory?: boolean;
}

export interface RunOptions {
  workers?: number;
  durationMs?: number;
  warmupMs?: number;
  seed?: number;
  transport?: 'sab' | 'postmessage';
  /**
   * false: control and metrics by messages even where SharedArrayBuffer
   * exists (and the postMessage transport), as on a page without it.
   * Default: what the environment allows.
   */
  sharedMemory?: boolean;
  /** Queue-depth sampling period (ms); small values give better depth means. Default 2. */
  depthSampleMs?: number;
  /** A worker whose heartbeat is older than this is terminated (ms). Default 1000. */
  watchdogMs?: number;
  /** No channel moved for this long while a cycle's rings are full → deadlock (ms). Default 2000. */
  deadlockMs?: number;
  /** Called about once a second with elapsed ms and the messages sunk so far. */
  onProgress?: (p: RunProgress) => void;
}

export type { RunProgress };

/** Engine worker scripts must load and answer within this (ms). */
export const START_TIMEOUT_MS = 5000;

/** How long workers get to leave their loops after Stop before they are terminated (ms). */
export const STOP_GRACE_MS = 1500;

export type RunState = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'ended';

/**
 * `make()`, with a failed shared-memory allocation (RangeError) turned into a
 * RunRefusedError whose sentence names `what` and its size.
 */
function allocating<T>(what: string, bytes: number, make: () => T): T {
  try {
    return make();
  } catch (err) {
    const problem = allocationProblem(err, what, bytes);
    if (problem === undefined) throw err;
    throw new RunRefusedError([problem]);
  }
}

/**
 * One run. The constructor refuses (throws `RunRefusedError`, whose message
 * is the sentences) a graph over the plan limits (runtime/limits.ts), a
 * message the plan knows cannot fit its ring, or shared memory the
 * environment will not allocate; nothing has started then. Failures once
 * running end the report (run.ended = 'error'); reasons are plain sentences.
 */
export class RunController {
  readonly graph: Graph;
  readonly plan: Plan;
  readonly metrics: MetricsBlock;
  readonly control: HostControl;
  readonly shape: MetricsShape;
  readonly transport: 'sab' | 'postmessage';
  /** Control and metrics in shared blocks (else by messages, and transport is postmessage). */
  readonly sharedMemory: boolean;
  /** Bytes of SharedArrayBuffer the run allocated (metrics, control, rings; 0 without SAB). */
  readonly sharedBytes: number;
  /** Without SharedArrayBuffer: the links to the workers. */
  private readonly link: HostLink | undefined;
  state: RunState = 'idle';
  private handles: WorkerHandle[] = [];
  private changes: LiveChange[] = [];
  /** Each node as live changes have left it. */
  private readonly liveParams = new Map<string, GraphNode>();
  private stopRequested: 'stopped' | undefined;
  private pauseStartedUs = 0;
  private endResolve: (() => void) | undefined;
  private failure: { ended: 'error' | 'deadlock'; error: string } | undefined;
  private readonly rings: SharedArrayBuffer | undefined;
  private readonly ringOffsets: number[];

  constructor(
    graph: Graph,
    private readonly env: HostEnv,
    private readonly options: RunOptions = {},
  ) {
    const run = {
      ...graph.run,
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.durationMs !== undefined ? { durationMs: options.durationMs } : {}),
      ...(options.warmupMs !== undefined ? { warmupMs: options.warmupMs } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.transport !== undefined ? { transport: options.transport } : {}),
    };
    if (run.warmupMs >= run.durationMs) run.warmupMs = Math.floor(run.durationMs / 10);
    this.sharedMemory =
      options.sharedMemory !== false &&
      (env.sharedMemory ?? typeof SharedArrayBuffer === 'function');
    // Without shared memory there are no rings: the postMessage transport it is.
    if (!this.sharedMemory) run.transport = 'postmessage';
    this.graph = { ...graph, run };
    this.transport = run.transport;
    // The plan limits, counted from the graph before anything is built or allocated.
    const over = planLimitProblems(this.graph, { mode: this.transport });
    if (over.length > 0) throw new RunRefusedError(over);
    this.plan = buildPlan(this.graph, { hardwareConcurrency: env.hardwareConcurrency });
    const tooLarge = frameProblems(this.plan, this.transport);
    if (tooLarge.length > 0) throw new RunRefusedError(tooLarge);
    this.graph.run.workers = this.plan.workers;
    this.shape = {
      instances: this.plan.instances.length,
      channels: this.plan.channels.length,
      workers: this.plan.workers,
    };
    this.metrics = allocating('the metrics block', metricsLayout(this.shape).bytes, () =>
      createMetricsBlock(this.shape, this.sharedMemory),
    );
    for (const ch of this.plan.channels) {
      this.metrics.channelF64[ch.index * CHANNEL_FIELDS + CF.capacity] = ch.capacity;
    }
    this.ringOffsets = [];
    if (this.sharedMemory) {
      const control = allocating('the control block', ControlBlock.bytes, () =>
        ControlBlock.create(),
      );
      this.control = control;
      this.link = undefined;
      let sab = this.metrics.buffer.byteLength + control.buffer.byteLength;
      if (this.transport === 'sab') {
        const layout = ringLayout(this.plan.channels);
        this.rings = allocateShared(layout.bytes, 'the rings');
        initRings(this.rings, this.plan.channels, layout.offsets);
        this.ringOffsets = layout.offsets;
        sab += layout.bytes;
      }
      this.sharedBytes = sab;
    } else {
      this.link = new HostLink(this.metrics, this.plan.workers);
      this.control = this.link;
      this.sharedBytes = 0;
    }
  }

  /** Runs to the end (duration, Stop, drained finite sources, watchdog, deadlock). Never rejects. */
  async run(): Promise<RunReport> {
    const { graph, plan } = this;
    const durationMs = graph.run.durationMs;
    const warmupMs = graph.run.warmupMs;
    this.state = 'starting';
    const results: Promise<WorkerResult>[] = [];
    try {
      const outPorts: Record<number, PortLike>[] = plan.byWorker.map(() => ({}));
      const inPorts: Record<number, PortLike>[] = plan.byWorker.map(() => ({}));
      const transfers: unknown[][] = plan.byWorker.map(() => []);
      const links: (PortLike | undefined)[] = plan.byWorker.map(() => undefined);
      if (this.link !== undefined) {
        for (let w = 0; w < plan.workers; w++) {
          const [host, worker] = this.env.createPortPair();
          this.link.attach(w, host);
          links[w] = worker;
          transfers[w]!.push(worker);
        }
      }
      if (this.transport === 'postmessage') {
        for (const ch of plan.channels) {
          const fw = plan.instances[ch.from]!.worker;
          const tw = plan.instances[ch.to]!.worker;
          if (fw === tw) continue; // same worker: an in-memory channel, no port
          const [a, b] = this.env.createPortPair();
          outPorts[fw]![ch.index] = a;
          transfers[fw]!.push(a);
          inPorts[tw]![ch.index] = b;
          transfers[tw]!.push(b);
        }
      }
      for (let w = 0; w < plan.workers; w++)
        this.handles.push(this.env.spawnWorker(w, (message) => this.workerFailed(w, message)));
      // Every script loaded and answering before any worker enters its loop
      // (a SAB worker's loop keeps it from answering anything else).
      await this.waitForWorkersStarted();
      for (let w = 0; w < plan.workers && this.failure === undefined; w++) {
        const handle = this.handles[w]!;
        const link = links[w];
        const setup: WorkerSetup = {
          worker: w,
          workers: plan.workers,
          graph,
          transport: this.transport,
          metricsShape: this.shape,
          ...(this.control instanceof ControlBlock
            ? { metrics: this.metrics.buffer as SharedArrayBuffer, control: this.control.buffer }
            : {}),
          ...(link !== undefined ? { link, capacities: this.capacities() } : {}),
          ...(this.rings !== undefined ? { rings: this.rings, ringOffsets: this.ringOffsets } : {}),
          ...(this.transport === 'postmessage'
            ? { outPorts: outPorts[w]!, inPorts: inPorts[w]! }
            : {}),
        };
        const call = handle.api.run(this.env.transfer(setup, transfers[w]!));
        results.push(
          call.then(
            (r) => {
              // Without SAB the final counts come with the result (message-link.ts).
              if (r.metrics !== undefined) this.link?.finalize(w, r.metrics);
              return r;
            },
            (err: unknown) => ({
              ok: false,
              error: err instanceof Error ? err.message : String(err),
            }),
          ),
        );
        results[w]!.then((r) => {
          if (r.lastErrors !== undefined) Object.assign(this.lastErrors, r.lastErrors);
          if (!r.ok && this.failure === undefined)
            this.fail('error', `worker ${w}: ${r.error ?? 'failed'}`);
        });
      }
      await this.waitForWorkersLoaded();
    } catch (err) {
      this.fail('error', err instanceof Error ? err.message : String(err));
    }
    if (this.failure !== undefined)
      return this.finish(results, 0, snapshotBlock(this.metrics), {
        sum: new Float64Array(plan.channels.length),
        count: 0,
      });

    // Go. Without a warm-up the baseline is the block before the command (the
    // workers start at once; a snapshot after it could miss their first messages).
    let warm: MetricsBlock | undefined = warmupMs === 0 ? snapshotBlock(this.metrics) : undefined;
    const startUs = clockUs();
    this.control.startAtUs = startUs;
    this.control.setCommand(Command.run);
    this.state = 'running';
    let measuredFromUs = startUs;
    const onProgress = this.options.onProgress;
    const config = monitorConfig(plan, {
      warmupMs,
      durationMs,
      ...(this.options.watchdogMs !== undefined ? { watchdogMs: this.options.watchdogMs } : {}),
      ...(this.options.deadlockMs !== undefined ? { deadlockMs: this.options.deadlockMs } : {}),
      progress: onProgress !== undefined,
      // Limits given while the workers were starting count too.
      nodeOf: this.asLive,
    });
    // The monitor starts warmed up exactly when `warm` was taken above (warmupMs === 0).
    const monitor = monitorState(config, startUs);
    this.monitor = monitor;
    this.monitorConfig = config;
    const view = metricsView(this.metrics, this.control);
    const depth = { sum: new Float64Array(plan.channels.length), count: 0 };
    let drained = false;
    const ended = new Promise<void>((resolve) => (this.endResolve = resolve));

    const sampleDepth = () => {
      if (this.state !== 'running' || warm === undefined) return;
      const c = this.metrics.channels;
      for (const ch of plan.channels) {
        const ci = ch.index * CHANNEL_I32_STRIDE;
        depth.sum[ch.index]! += Math.max(
          0,
          (Atomics.load(c, ci + C.pushed) - Atomics.load(c, ci + C.popped)) | 0,
        );
      }
      depth.count++;
    };
    // Applies the monitor's decisions (see runtime/monitor.ts for when each is made).
    const tick = () => {
      if (this.state === 'ended' || this.state === 'stopping') return;
      if (this.stopRequested !== undefined || this.failure !== undefined)
        return this.endResolve?.();
      if (this.state === 'paused') return;
      const now = clockUs();
      for (const d of observe(view, monitor, now, config)) {
        switch (d.type) {
          case 'warmupReached':
            warm = snapshotBlock(this.metrics);
            measuredFromUs = now - this.control.pausedUs;
            break;
          case 'progress':
            onProgress?.(d.progress);
            break;
          case 'watchdog': {
            const names = d.suspects.map((x) => `"${x.nodeId}" (${x.kind})`);
            void this.handles[d.worker]?.terminate();
            this.fail(
              'error',
              `worker ${d.worker} stopped responding (no heartbeat for ${(d.ageMs / 1000).toFixed(1)} s) and was terminated; ` +
                (names.length > 0
                  ? `a node on it may loop forever: ${names.join(', ')}`
                  : 'a node on it may loop forever'),
            );
            return this.endResolve?.();
          }
          case 'deadlock':
            this.fail('deadlock', deadlockMessage(d.nodes, stalledFor(d.stalledMs)));
            return this.endResolve?.();
          case 'drained':
            this.stopRequested = 'stopped';
            drained = true;
            return this.endResolve?.();
          case 'durationReached':
            return this.endResolve?.();
        }
      }
    };
    const sampler = setInterval(sampleDepth, this.options.depthSampleMs ?? 2);
    const checker = setInterval(tick, 50);
    await ended;
    clearInterval(sampler);
    clearInterval(checker);
    const endUs = clockUs();
    const measuredMs =
      warm === undefined
        ? (endUs - startUs - this.control.pausedUs) / 1000
        : (endUs - this.control.pausedUs - measuredFromUs) / 1000;
    const baseline = warm ?? createMetricsBlock(this.shape, false);
    if (drained && this.failure === undefined) this.endedAs = 'drained';
    return this.finish(results, measuredMs, baseline, depth);
  }

  private endedAs: RunReport['run']['ended'] | undefined;
  /** Node id → the latest user-code error a worker reported when it left its loop. */
  private readonly lastErrors: Record<string, string> = {};
  /** The live run's monitor config (`finite` follows live limit changes). */
  private monitorConfig: MonitorConfig | undefined;
  /** The live run's monitor state (its clocks restart on resume). */
  private monitor: MonitorState | undefined;

  /**
   * Every worker script loaded and answers (comlink ping) within
   * START_TIMEOUT_MS, or the run fails with a sentence saying what to check:
   * never an endless "Starting…".
   */
  private async waitForWorkersStarted(): Promise<void> {
    const answered = this.handles.map(() => false);
    this.handles.forEach((h, w) =>
      h.api.ping().then(
        () => void (answered[w] = true),
        () => undefined,
      ),
    );
    const limitMs = this.env.startTimeoutMs ?? START_TIMEOUT_MS;
    const deadline = Date.now() + limitMs;
    // A load failure (the worker's error event) ends the wait at once.
    while (!answered.every(Boolean) && this.failure === undefined) {
      if (Date.now() > deadline) {
        const w = answered.indexOf(false);
        this.fail(
          'error',
          `worker ${w} did not start within ${limitMs / 1000} s: its script (the engine worker) did not load or run; check that the site serves its workers/ folder as JavaScript and that this browser allows module workers`,
        );
        return;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** A worker failed outside the engine's control: the run ends with what was measured. */
  private workerFailed(w: number, message: string): void {
    if (this.state === 'ended' || this.state === 'stopping' || this.failure !== undefined) return;
    const nodes = [
      ...new Set((this.plan.byWorker[w] ?? []).map((i) => this.plan.instances[i]!.nodeId)),
    ];
    const on =
      nodes.length === 0
        ? ''
        : ` (running ${nodes
            .slice(0, 6)
            .map((id) => `"${id}"`)
            .join(', ')}${nodes.length > 6 ? ', …' : ''})`;
    this.fail('error', `worker ${w}${on} failed: ${message}`);
  }

  private async waitForWorkersLoaded(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (this.failure !== undefined) return;
      let loaded = 0;
      for (let w = 0; w < this.plan.workers; w++) {
        if (Atomics.load(this.metrics.workerI32, w * WORKER_I32_STRIDE + WI.state) >= 1) loaded++;
      }
      if (loaded === this.plan.workers) return;
      if (this.stopRequested !== undefined) return;
      if (Date.now() > deadline) throw new Error('workers did not start within 30 s');
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  private fail(ended: 'error' | 'deadlock', error: string): void {
    if (this.failure === undefined) this.failure = { ended, error };
    this.endResolve?.();
  }

  private async finish(
    results: Promise<WorkerResult>[],
    measuredMs: number,
    baseline: MetricsBlock,
    depth: { sum: Float64Array; count: number },
  ): Promise<RunReport> {
    this.state = 'stopping';
    const memoryBytes = this.env.memoryBytes();
    const stopAtUs = clockUs();
    this.control.setCommand(Command.stop);
    this.ringAllDoorbells();
    // Give workers a moment to leave their loops, then terminate whatever is left.
    let stopMs: number | undefined;
    await Promise.race([
      Promise.all(results).then(() => (stopMs = (clockUs() - stopAtUs) / 1000)),
      new Promise((r) => setTimeout(r, STOP_GRACE_MS)),
    ]);
    const final = snapshotBlock(this.metrics);
    // Results that came in during the grace period have recorded their last errors by now.
    await Promise.resolve();
    await Promise.all(this.handles.map((h) => h.terminate()));
    this.handles = [];
    this.link?.close();
    this.state = 'ended';
    const ended =
      this.failure?.ended ??
      this.endedAs ??
      (this.stopRequested !== undefined ? 'stopped' : 'duration');
    return buildReport({
      graph: this.graph,
      plan: this.plan,
      now: final,
      then: baseline,
      measuredMs,
      durationMs: this.graph.run.durationMs,
      warmupMs: this.graph.run.warmupMs,
      transport: this.transport,
      ended,
      ...(this.failure !== undefined ? { error: this.failure.error } : {}),
      ...(stopMs !== undefined ? { stopMs } : {}),
      depth,
      memoryBytes: memoryBytes + this.sharedBytes,
      sabBytes: this.sharedBytes,
      lastErrors: this.lastErrors,
    });
  }

  /** Wakes every sleeping SAB worker loop (without SAB the control message itself wakes them). */
  private ringAllDoorbells(): void {
    if (!this.sharedMemory) return;
    const m = this.metrics.workerI32;
    for (let w = 0; w < this.plan.workers; w++) {
      const i = w * WORKER_I32_STRIDE + WI.doorbell;
      Atomics.add(m, i, 1);
      Atomics.notify(m, i);
    }
  }

  /** Cumulative counter of a node (summed over its instances), read live. */
  counter(nodeId: string, field: keyof typeof I): number {
    const ni = this.graph.nodes.findIndex((n) => n.id === nodeId);
    if (ni < 0) return 0;
    return this.plan.byNode[ni]!.reduce(
      (s, i) => s + this.metrics.instances[i * INSTANCE_FIELDS + I[field]]!,
      0,
    );
  }

  /** Ends the run as soon as possible (< 100 ms); the report covers what ran. */
  stop(): void {
    if (this.state === 'ended') return;
    this.stopRequested = 'stopped';
    if (this.state === 'paused') this.resume();
    this.endResolve?.();
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.pauseStartedUs = clockUs();
    this.control.setCommand(Command.pause);
    this.state = 'paused';
  }

  resume(): void {
    if (this.state !== 'paused') return;
    const now = clockUs();
    this.control.pausedUs = this.control.pausedUs + (now - this.pauseStartedUs);
    if (this.monitor !== undefined) monitorResumed(this.monitor, now);
    this.control.setCommand(Command.run);
    this.ringAllDoorbells();
    this.state = 'running';
  }

  /**
   * Changes a node's params while running. The params are validated with the
   * graph schema first. @returns an error sentence, or undefined when applied.
   */
  setParams(nodeId: string, params: unknown): string | undefined {
    const node = this.graph.nodes.find((n) => n.id === nodeId);
    if (node === undefined) return `no node "${nodeId}"`;
    const parsed = nodeSchemas[node.kind].shape.params.safeParse(params);
    if (!parsed.success)
      return `params of "${nodeId}" are not valid: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
    const next = { ...node, params: parsed.data } as GraphNode;
    // Judged against the node as the run started: refused changes never reached the run.
    const refusal = liveChangeRefusal(node, next);
    if (refusal !== undefined)
      return `${refusal} cannot apply to a running graph; it applies to the next run`;
    this.changes.push({ type: 'params', nodeId, params: parsed.data });
    try {
      this.control.publishChanges(this.changes);
    } catch (err) {
      this.changes.pop();
      return err instanceof Error ? err.message : String(err);
    }
    this.liveParams.set(nodeId, next);
    // A generator's limit added (or removed) live decides whether the run may end drained.
    const config = this.monitorConfig;
    if (config !== undefined)
      config.finite = generatorsFinite(this.plan, config.generators, this.asLive);
    this.ringAllDoorbells();
    return undefined;
  }

  /** A node of the run's graph as live changes have left it. */
  private readonly asLive = (node: GraphNode): GraphNode => this.liveParams.get(node.id) ?? node;

  /** A node as live changes have left it (its graph version before any). */
  liveNode(nodeId: string): GraphNode | undefined {
    return this.liveParams.get(nodeId) ?? this.graph.nodes.find((n) => n.id === nodeId);
  }

  /** Whether this run has the edge (one added since runs on the next run). */
  hasEdge(edgeId: string): boolean {
    return this.plan.channels.some((c) => c.edgeId === edgeId);
  }

  /**
   * Changes an edge's capacity while running: shared exactly among its
   * channels as at the start (graph/capacity.ts). Any size: messages the
   * rings have no bytes for wait in the producer (transport/counted-out.ts).
   */
  setCapacity(edgeId: string, capacity: number): string | undefined {
    const chans = this.plan.channels.filter((c) => c.edgeId === edgeId);
    if (chans.length === 0) return `no edge "${edgeId}"`;
    if (!Number.isInteger(capacity) || capacity < 1) return 'capacity must be a whole number ≥ 1';
    const shares = shareCapacity(capacity, chans.length);
    chans.forEach((ch, k) => {
      this.metrics.channelF64[ch.index * CHANNEL_FIELDS + CF.capacity] = shares[k]!;
      this.link?.setCapacity(ch.index, shares[k]!);
    });
    return undefined;
  }

  /** Every channel's live capacity as the host has it (messages). */
  private capacities(): number[] {
    return this.plan.channels.map(
      (ch) => this.metrics.channelF64[ch.index * CHANNEL_FIELDS + CF.capacity]!,
    );
  }
}
