/**
 * The run host: owns the live RunController and its MetricsSampler outside
 * React state. It samples the metrics block at 10 Hz, pushes a coarse status
 * (state, elapsed, sink rate, p95) to the store at ~2.5 Hz and the canvas
 * overlay (live-store) at ~3.3 Hz; charts subscribe to samples directly
 * (`onSample`). Graph edits during a run are forwarded as live parameter or
 * capacity changes when the engine can apply them, otherwise the person is
 * told they apply to the next run.
 *
 * Contract: never touches React; talks to the app store only through the
 * injected callbacks (`RunHostDeps`). Timers: one interval while a run lives.
 */
import type { Graph, GraphEdge, GraphNode } from '../graph/index.ts';
import { type RunReport, runFailure } from '../metrics/report.ts';
import { MetricsSampler, type LiveSample } from '../metrics/sampler.ts';
import type { HostEnv, RunOptions } from './run-controller.ts';
import { RunController } from './run-controller.ts';
import { liveChangeRefusal } from '../runtime/live.ts';
import { formatMs, formatRate } from '../core/format.ts';

export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'ended';

/** Options a person (or a test) may give a run; everything else comes from the graph. */
export type StartOptions = Pick<RunOptions, 'durationMs' | 'warmupMs' | 'workers' | 'transport'>;

/** The coarse status the store keeps (updated at ≤ 4 Hz). */
export interface RunStatusPatch {
  runStatus?: RunStatus;
  runElapsedMs?: number;
  runDurationMs?: number;
  runError?: string | null;
  lastReport?: RunReport | null;
  runLive?: { sinkRate: number; p95Ms: number | null; workers: number; transport: string } | null;
}

/** What the canvas draws on nodes and edges during a run (pre-formatted, rounded). */
export interface LiveOverlay {
  /** True while a run is live (overlays hidden otherwise). */
  active: boolean;
  /** Per node: a short badge ("412/s · 63 %"). */
  nodeBadges: Readonly<Record<string, string>>;
  /** Per edge: queue fill in percent, rounded to 2 % steps. */
  edgeFillPct: Readonly<Record<string, number>>;
  /** Per edge: a tooltip ("depth 80 / 1024 · 12 drops/s"). */
  edgeTitles: Readonly<Record<string, string>>;
  /** Per edge: messages queued over capacity, as NiFi shows it on a connection ("312 / 1024"). */
  edgeQueued: Readonly<Record<string, string>>;
  bottleneck: string | null;
}

export interface RunHostDeps {
  createEnv(): HostEnv;
  canRun(): { ok: true } | { ok: false; reason: string };
  onStatus(patch: RunStatusPatch): void;
  hint(message: string, tone: 'info' | 'error'): void;
  /** Monotonic ms clock (performance.now). */
  now(): number;
  /** JS heap bytes in use, when the browser says (performance.memory). */
  heapBytes(): number | undefined;
  /** The canvas overlay of the live run (≤ 4 Hz), or null when no run is live. */
  overlay(o: LiveOverlay | null): void;
}

const SAMPLE_MS = 100;
/** Store status every N samples (~2.5 Hz), overlay every M samples (~3.3 Hz). */
const STATUS_EVERY = 4;
const OVERLAY_EVERY = 3;
/** Samples between two reads of the JS heap size. */
const HEAP_EVERY = 10;
/**
 * Queue-depth sampling period on a page (ms). Each sample is a timer task on
 * the main thread: every 2 ms (browsers clamp to 4) it was ~250 tasks/s and
 * ~5 % of the main thread during a run (bench:ui). Depths a few ms apart are
 * strongly correlated for any queue worth watching, so the mean moves little.
 */
const PAGE_DEPTH_SAMPLE_MS = 10;
/** Inspector typing is forwarded once it pauses this long (the mailbox keeps every change). */
const PARAMS_DEBOUNCE_MS = 250;

/**
 * One run at a time for the app (see the file header): `start` builds the
 * RunController and sampler and resolves with the report; `pause`, `resume`
 * and `stop` drive it; `graphEdited` / `setParams` / `setCapacity` forward
 * live changes (params debounced per node, refusals explained through
 * `deps.hint`); `onSample` / `onRunStart` feed the charts. The sampler and
 * the last report stay readable after the run ends.
 */
export class RunHost {
  private controller: RunController | null = null;
  private sampler: MetricsSampler | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private status: RunStatus = 'idle';
  private runningSinceMs = NaN;
  private pausedAtMs = NaN;
  private pausedTotalMs = 0;
  private tick = 0;
  private report: RunReport | null = null;
  private graph: Graph | null = null;
  private pending = new Map<string, ReturnType<typeof setTimeout>>();
  private structureHinted = false;
  private readonly sampleListeners = new Set<(s: MetricsSampler) => void>();
  private readonly runListeners = new Set<(s: MetricsSampler | null) => void>();
  private pauseList: { fromMs: number; toMs: number }[] = [];

  constructor(private readonly deps: RunHostDeps) {}

  get state(): RunStatus {
    return this.status;
  }

  get lastReport(): RunReport | null {
    return this.report;
  }

  /** The sampler of the current or last run (its history stays readable after the end). */
  get currentSampler(): MetricsSampler | null {
    return this.sampler;
  }

  /** Calls `fn` after each sample of whichever run is live. @returns unsubscribe. */
  onSample(fn: (s: MetricsSampler) => void): () => void {
    this.sampleListeners.add(fn);
    return () => void this.sampleListeners.delete(fn);
  }

  /** Calls `fn` when a run starts (with its new sampler). @returns unsubscribe. */
  onRunStart(fn: (s: MetricsSampler | null) => void): () => void {
    this.runListeners.add(fn);
    return () => void this.runListeners.delete(fn);
  }

  /** The latest sampled values, or null before the first sample. Allocates. */
  liveSample(): LiveSample | null {
    return this.sampler !== null && this.sampler.samples > 0 ? this.sampler.latest() : null;
  }

  /**
   * The pauses of the current or last run, on the sampler's clock (`toMs` is
   * Infinity while paused): samples taken then measured a frozen graph.
   */
  get pauses(): readonly { fromMs: number; toMs: number }[] {
    return this.pauseList;
  }

  /** Active time of the run so far (ms), pauses excluded. */
  elapsedMs(): number {
    if (this.runningSinceMs !== this.runningSinceMs) return 0;
    const end = this.pausedAtMs === this.pausedAtMs ? this.pausedAtMs : this.deps.now();
    return Math.max(0, end - this.runningSinceMs - this.pausedTotalMs);
  }

  isActive(): boolean {
    return this.status !== 'idle' && this.status !== 'ended';
  }

  /**
   * Starts a run of `graph`. Resolves with the report when it ends (never rejects).
   * @returns `{ ok: false, reason }` without starting when the page or the graph cannot run.
   */
  start(
    graph: Graph,
    options: StartOptions = {},
  ): { ok: true; done: Promise<RunReport> } | { ok: false; reason: string } {
    if (this.isActive()) return { ok: false, reason: 'A run is already in progress.' };
    const can = this.deps.canRun();
    if (!can.ok) return can;
    let controller: RunController;
    try {
      controller = new RunController(graph, this.deps.createEnv(), {
        depthSampleMs: PAGE_DEPTH_SAMPLE_MS,
        ...options,
      });
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    }
    const plan = controller.plan;
    const sampler = new MetricsSampler(plan, controller.metrics, {
      sabBytes: controller.sharedBytes,
    });
    this.controller = controller;
    this.sampler = sampler;
    this.graph = graph;
    this.report = null;
    this.status = 'starting';
    this.runningSinceMs = NaN;
    this.pausedAtMs = NaN;
    this.pausedTotalMs = 0;
    this.tick = 0;
    this.pauseList = [];
    this.structureHinted = false;
    for (const fn of this.runListeners) fn(sampler);
    this.deps.onStatus({
      runStatus: 'starting',
      runElapsedMs: 0,
      runDurationMs: controller.graph.run.durationMs,
      runError: null,
      runLive: { sinkRate: 0, p95Ms: null, workers: plan.workers, transport: controller.transport },
    });
    this.timer = setInterval(() => this.onTick(), SAMPLE_MS);
    const done = controller.run().then(
      (report) => this.finish(controller, report),
      (err: unknown) => this.crashed(controller, err),
    );
    return { ok: true, done };
  }

  private onTick(): void {
    const c = this.controller;
    const s = this.sampler;
    if (c === null || s === null) return;
    if (this.status === 'starting' && c.state === 'running') {
      this.status = 'running';
      this.runningSinceMs = this.deps.now();
      this.deps.onStatus({ runStatus: 'running' });
    }
    if (this.status !== 'running' && this.status !== 'paused') return;
    // performance.memory is slow to read in Chromium: once a second is enough for the chart.
    s.sample(this.deps.now(), this.tick % HEAP_EVERY === 0 ? this.deps.heapBytes() : undefined);
    for (const fn of this.sampleListeners) fn(s);
    this.tick++;
    if (this.tick % STATUS_EVERY === 0) this.pushStatus(s);
    if (this.tick % OVERLAY_EVERY === 0) this.pushOverlay(s);
  }

  private pushStatus(s: MetricsSampler): void {
    const c = this.controller;
    this.deps.onStatus({
      runElapsedMs: Math.round(this.elapsedMs()),
      runLive: {
        sinkRate: s.sinkRate,
        p95Ms: Number.isFinite(s.latencyP95Ms) ? s.latencyP95Ms : null,
        workers: c?.plan.workers ?? 0,
        transport: c?.transport ?? 'sab',
      },
    });
  }

  private pushOverlay(s: MetricsSampler): void {
    // The sampler's indices are those of the graph the run started with, not
    // of the graph as edited since (an added or removed node shifts them).
    const g = this.controller?.graph;
    if (g === undefined) return;
    const nodeBadges: Record<string, string> = {};
    g.nodes.forEach((n, i) => {
      const rate = formatRate(s.nodeRate[i]!);
      const util = s.nodeUtil[i]!;
      const p95 = s.nodeP95Ms[i]!;
      let badge = rate;
      // NaN where the kind has no utilization or no timed samples yet.
      if (Number.isFinite(util)) badge += ` · ${Math.round(util * 100)}%`;
      if (Number.isFinite(p95)) badge += ` · p95 ${formatMs(p95)}`;
      const errs = s.nodeErrorsPerSec[i]! + s.nodeDropsPerSec[i]!;
      if (errs > 0) badge += ` · ⚠ ${formatRate(errs)}`;
      nodeBadges[n.id] = badge;
    });
    const edgeFillPct: Record<string, number> = {};
    const edgeTitles: Record<string, string> = {};
    const edgeQueued: Record<string, string> = {};
    g.edges.forEach((e, i) => {
      edgeFillPct[e.id] = Math.round((s.edgeFill[i]! * 100) / 2) * 2;
      edgeQueued[e.id] = `${Math.round(s.edgeDepth[i]!)} / ${s.edgeCapacity[i]!}`;
      const drops = s.edgeDropsPerSec[i]!;
      edgeTitles[e.id] =
        `queue ${Math.round(s.edgeDepth[i]!)} / ${s.edgeCapacity[i]!}` +
        (drops > 0 ? ` · ${formatRate(drops)} dropped` : '');
    });
    this.deps.overlay({
      active: true,
      nodeBadges,
      edgeFillPct,
      edgeTitles,
      edgeQueued,
      bottleneck: s.bottleneck(),
    });
  }

  private finish(controller: RunController, report: RunReport): RunReport {
    if (this.controller !== controller) return report;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
    // A last sample, so the charts end on the final counters.
    const s = this.sampler;
    if (s !== null && this.runningSinceMs === this.runningSinceMs) {
      if (this.pausedAtMs === this.pausedAtMs) {
        const last = this.pauseList[this.pauseList.length - 1];
        if (last !== undefined) last.toMs = this.deps.now();
        this.pausedTotalMs += this.deps.now() - this.pausedAtMs;
        this.pausedAtMs = NaN;
      }
      s.sample(this.deps.now(), this.deps.heapBytes());
      for (const fn of this.sampleListeners) fn(s);
    }
    const elapsed = Math.round(this.elapsedMs());
    this.runningSinceMs = NaN;
    this.status = 'ended';
    this.report = report;
    this.deps.overlay(null);
    const failure = runFailure(report.run);
    this.deps.onStatus({
      runStatus: 'ended',
      runElapsedMs: elapsed,
      lastReport: report,
      runError: failure ?? null,
    });
    if (failure !== undefined) this.deps.hint(`Run failed: ${failure}`, 'error');
    return report;
  }

  /** `run()` is documented never to reject; if it does anyway, end cleanly and say why. */
  private crashed(controller: RunController, err: unknown): RunReport {
    const message = `the run ended unexpectedly: ${err instanceof Error ? err.message : String(err)}`;
    if (this.controller === controller) {
      if (this.timer !== null) clearInterval(this.timer);
      this.timer = null;
      this.runningSinceMs = NaN;
      this.status = 'ended';
      this.deps.overlay(null);
      this.deps.onStatus({ runStatus: 'ended', runError: message, lastReport: null });
      this.deps.hint(`Run failed: ${message}`, 'error');
    }
    // Callers only see a promise of a report; an empty one marks the failure.
    const report = emptyReport(controller);
    report.run.error = message;
    return report;
  }

  pause(): void {
    const c = this.controller;
    if (c === null || this.status !== 'running') return;
    c.pause();
    this.pausedAtMs = this.deps.now();
    this.pauseList.push({ fromMs: this.pausedAtMs, toMs: Infinity });
    this.status = 'paused';
    this.deps.onStatus({ runStatus: 'paused', runElapsedMs: Math.round(this.elapsedMs()) });
  }

  resume(): void {
    const c = this.controller;
    if (c === null || this.status !== 'paused') return;
    c.resume();
    const last = this.pauseList[this.pauseList.length - 1];
    if (last !== undefined) last.toMs = this.deps.now();
    this.pausedTotalMs += this.deps.now() - this.pausedAtMs;
    this.pausedAtMs = NaN;
    this.status = 'running';
    this.deps.onStatus({ runStatus: 'running' });
  }

  /** Ends the run now; the status says "stopping" at once and "ended" when the report is in. */
  stop(): void {
    const c = this.controller;
    if (c === null || !this.isActive() || this.status === 'stopping') return;
    this.status = 'stopping';
    this.deps.onStatus({ runStatus: 'stopping' });
    c.stop();
  }

  /**
   * Forwards a node's params to the live run. @returns an error sentence, or
   * undefined when applied (or when no run is live).
   */
  setParams(nodeId: string, params: unknown): string | undefined {
    const c = this.controller;
    if (c === null || !this.isActive()) return undefined;
    try {
      const err = c.setParams(nodeId, params);
      if (err !== undefined) return err;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    const node = c.liveNode(nodeId);
    if (node !== undefined) this.sampler?.nodeChanged(node);
    return undefined;
  }

  /** A node as the live run started it, or undefined (no live run, or added since). */
  startedNode(nodeId: string): GraphNode | undefined {
    const c = this.controller;
    if (c === null || !this.isActive()) return undefined;
    return c.graph.nodes.find((n) => n.id === nodeId);
  }

  /** Whether the live run has the edge (false: no live run, or the edge was added since). */
  runsEdge(edgeId: string): boolean {
    const c = this.controller;
    return c !== null && this.isActive() && c.hasEdge(edgeId);
  }

  setCapacity(edgeId: string, capacity: number): string | undefined {
    const c = this.controller;
    if (c === null || !this.isActive()) return undefined;
    return c.setCapacity(edgeId, capacity);
  }

  /**
   * Called with every new graph document while a run is live: forwards what
   * changed (debounced per node) and says what cannot apply until the next run.
   */
  graphEdited(next: Graph): void {
    const prev = this.graph;
    if (prev === null || !this.isActive() || next === prev) return;
    this.graph = next;
    const before = new Map(prev.nodes.map((n) => [n.id, n]));
    const beforeEdges = new Map(prev.edges.map((e) => [e.id, e]));
    let structural =
      prev.nodes.length !== next.nodes.length || prev.edges.length !== next.edges.length;
    for (const n of next.nodes) {
      const old = before.get(n.id);
      if (old === undefined) {
        structural = true;
        continue;
      }
      if (old === n) continue;
      if (old.worker !== n.worker)
        this.deps.hint('A pinned worker change applies to the next run.', 'info');
      if (JSON.stringify(old.params) === JSON.stringify(n.params)) continue;
      const started = this.controller?.graph.nodes.find((x) => x.id === n.id) ?? old;
      const refusal = liveChangeRefusal(started, n);
      if (refusal !== undefined) {
        this.deps.hint(
          `Not applied to the live run (${refusal}); it applies to the next run.`,
          'info',
        );
        continue;
      }
      this.scheduleParams(n);
    }
    for (const e of next.edges) {
      const old = beforeEdges.get(e.id);
      if (old === undefined) {
        structural = true;
        continue;
      }
      if (old === e) continue;
      if (!sameEnds(old, e)) structural = true;
      if (old.capacity !== e.capacity) {
        const err = this.setCapacity(e.id, e.capacity);
        if (err !== undefined) this.deps.hint(`Capacity not applied live: ${err}`, 'error');
      }
      if (old.overflow !== e.overflow)
        this.deps.hint('Overflow policy changes apply to the next run.', 'info');
      if (old.autoSize !== e.autoSize) this.deps.hint('Auto-size applies to the next run.', 'info');
    }
    if (JSON.stringify(prev.run) !== JSON.stringify(next.run))
      this.deps.hint('Run settings apply to the next run.', 'info');
    if (structural && !this.structureHinted) {
      this.structureHinted = true;
      this.deps.hint('Added, removed or rewired elements take effect on the next run.', 'info');
    }
  }

  private scheduleParams(node: GraphNode): void {
    const prev = this.pending.get(node.id);
    if (prev !== undefined) clearTimeout(prev);
    this.pending.set(
      node.id,
      setTimeout(() => {
        this.pending.delete(node.id);
        const err = this.setParams(node.id, node.params);
        if (err !== undefined) this.deps.hint(`Not applied to the live run: ${err}`, 'error');
      }, PARAMS_DEBOUNCE_MS),
    );
  }
}

function emptyReport(c: RunController): RunReport {
  return {
    format: 'flowbench/report',
    version: 1,
    graph: c.graph.name,
    run: {
      workers: c.plan.workers,
      durationMs: c.graph.run.durationMs,
      warmupMs: c.graph.run.warmupMs,
      measuredMs: 0,
      seed: c.graph.run.seed,
      transport: c.transport,
      ended: 'error',
    },
    nodes: {},
    edges: {},
    totals: {
      throughput: 0,
      latencyMs: { mean: 0, p50: 0, p95: 0, p99: 0, count: 0 },
      delivered: 0,
      failed: 0,
      shed: 0,
      dropped: 0,
      errorRate: null,
      shedRate: null,
      memoryBytes: 0,
      sabBytes: 0,
    },
  };
}

function sameEnds(a: GraphEdge, b: GraphEdge): boolean {
  return (
    a.from.node === b.from.node &&
    a.from.port === b.from.port &&
    a.to.node === b.to.node &&
    a.to.port === b.to.port
  );
}
