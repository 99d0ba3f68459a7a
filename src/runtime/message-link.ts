/**
 * Control and metrics by messages, for runs without SharedArrayBuffer (a page
 * that is not cross-origin isolated: no COOP/COEP headers and no service
 * worker to add them, an old browser, a cross-origin iframe). One
 * MessageChannel per worker, the "link":
 *
 * ```
 * host (HostLink)                                   worker w (WorkerLink)
 *   setCommand / pausedUs / startAtUs ── control ─▶   command(), pausedUs, startAtUs
 *   publishChanges (new ones only)    ── changes ─▶   changeCount(), readChanges()
 *   setCapacity                       ── capacity ▶   its copy of the block's capacity
 *   its copy of the metrics block    ◀── metrics ──   MetricsShare deltas, every METRICS_POST_MS
 * ```
 *
 * The worker loops read `ControlView` and the host writes `HostControl`
 * (control.ts) whichever carries them, so the drivers, the monitor and the
 * sampler are the same on both. The differences: the worker sees a command
 * at its next event-loop turn (the postMessage driver yields at least every
 * 2 ms of work), not within one loop turn; the host's copy of the block is up
 * to METRICS_POST_MS old; and a worker in the middle of a long CPU burn
 * cannot receive Stop (its event loop is busy), so the host terminates it
 * after the stop grace period. The watchdog works as on SAB: a worker that
 * stops turning stops sending heartbeats.
 *
 * At the end of the run each worker returns its whole share with its result
 * (`WorkerLink.final`); the host applies it and ignores any later message of
 * that worker, so the report counts exactly what the workers counted.
 *
 * Pure: no DOM, no Node imports (a port is anything with postMessage/onmessage).
 */
import { CF, CHANNEL_FIELDS, type MetricsBlock } from './metrics-block.ts';
import { applyMetricsDelta, type MetricsDelta, type MetricsShare } from './metrics-share.ts';
import {
  Command,
  type CommandCode,
  type ControlView,
  type HostControl,
  type LiveChange,
} from './control.ts';
import type { PortLike } from './transport/port-channel.ts';

/** How often a running worker sends what changed in its share of the metrics (ms). */
export const METRICS_POST_MS = 10;

/** Host → worker. */
export type HostMessage =
  | { type: 'control'; command: CommandCode; startAtUs: number; pausedUs: number }
  /** Live changes `from` onwards (every earlier one was sent before). */
  | { type: 'changes'; from: number; changes: LiveChange[] }
  | { type: 'capacity'; channel: number; capacity: number };

/** Worker → host. */
export interface WorkerMessage {
  type: 'metrics';
  delta: MetricsDelta;
}

/** The worker's end: the control state as last received, and its metrics sender. */
export class WorkerLink implements ControlView {
  private cmd: CommandCode = Command.wait;
  startAtUs = 0;
  pausedUs = 0;
  private readonly changes: LiveChange[] = [];
  private lastPostUs = -Infinity;

  /**
   * @param block this worker's own (unshared) copy of the metrics block.
   * @param onMessage called after each message is applied (wakes a sleeping driver).
   */
  constructor(
    private readonly port: PortLike,
    private readonly share: MetricsShare,
    private readonly block: MetricsBlock,
    onMessage: () => void,
  ) {
    port.onmessage = (ev) => {
      this.receive(ev.data as HostMessage);
      onMessage();
    };
    port.start?.();
  }

  private receive(m: HostMessage): void {
    switch (m.type) {
      case 'control':
        this.cmd = m.command;
        this.startAtUs = m.startAtUs;
        this.pausedUs = m.pausedUs;
        break;
      case 'changes':
        // Sent in order on one port: `from` is where this list ends.
        if (m.from === this.changes.length) this.changes.push(...m.changes);
        break;
      case 'capacity':
        this.block.channelF64[m.channel * CHANNEL_FIELDS + CF.capacity] = m.capacity;
        break;
    }
  }

  command(): CommandCode {
    return this.cmd;
  }

  changeCount(): number {
    return this.changes.length;
  }

  readChanges(): LiveChange[] {
    return this.changes;
  }

  /** Sends what changed in the share, if METRICS_POST_MS have passed since the last send (or `force`). */
  publish(nowUs: number, force = false): void {
    if (!force && nowUs - this.lastPostUs < METRICS_POST_MS * 1000) return;
    this.lastPostUs = nowUs;
    const message: WorkerMessage = { type: 'metrics', delta: this.share.encode(this.block) };
    this.port.postMessage(message);
  }

  /** The whole share, for the worker's result; the link is closed after it. */
  final(): MetricsDelta {
    const delta = this.share.encode(this.block, true);
    this.port.onmessage = null;
    this.port.close?.();
    return delta;
  }
}

/**
 * The host's end: the control state it last sent, and the metrics block the
 * workers' messages keep up to date (the one the monitor, sampler and report read).
 */
export class HostLink implements HostControl {
  private readonly ports: (PortLike | undefined)[];
  private readonly closed: boolean[];
  private cmd: CommandCode = Command.wait;
  private start = 0;
  private paused = 0;
  private changes: readonly LiveChange[] = [];

  constructor(
    private readonly block: MetricsBlock,
    workers: number,
  ) {
    this.ports = Array.from({ length: workers }, () => undefined);
    this.closed = Array.from({ length: workers }, () => false);
  }

  /**
   * Connects worker `w`'s link (the other end goes to the worker in its
   * setup) and sends it the control state and changes so far.
   */
  attach(w: number, port: PortLike): void {
    this.ports[w] = port;
    port.onmessage = (ev) => {
      const m = ev.data as WorkerMessage;
      if (!this.closed[w] && m.type === 'metrics') applyMetricsDelta(this.block, m.delta);
    };
    port.start?.();
    port.postMessage(this.controlMessage());
    if (this.changes.length > 0)
      port.postMessage({ type: 'changes', from: 0, changes: [...this.changes] } as HostMessage);
  }

  /** Applies worker `w`'s final share (with its result) and ignores its later messages. */
  finalize(w: number, delta: MetricsDelta): void {
    if (this.closed[w]) return;
    applyMetricsDelta(this.block, delta);
    this.closed[w] = true;
  }

  /** Closes every port (a Node port left open keeps the process alive). */
  close(): void {
    for (let w = 0; w < this.ports.length; w++) {
      const port = this.ports[w];
      if (port === undefined) continue;
      this.closed[w] = true;
      port.onmessage = null;
      port.close?.();
      this.ports[w] = undefined;
    }
  }

  private send(m: HostMessage): void {
    for (const port of this.ports) port?.postMessage(m);
  }

  private controlMessage(): HostMessage {
    return { type: 'control', command: this.cmd, startAtUs: this.start, pausedUs: this.paused };
  }

  private sendControl(): void {
    this.send(this.controlMessage());
  }

  setCommand(c: CommandCode): void {
    this.cmd = c;
    this.sendControl();
  }

  get startAtUs(): number {
    return this.start;
  }
  set startAtUs(v: number) {
    this.start = v;
    this.sendControl();
  }
  get pausedUs(): number {
    return this.paused;
  }
  set pausedUs(v: number) {
    this.paused = v;
    this.sendControl();
  }

  publishChanges(changes: readonly LiveChange[]): void {
    const from = this.changes.length;
    if (changes.length <= from) return;
    this.changes = [...changes];
    this.send({ type: 'changes', from, changes: changes.slice(from) });
  }

  /** A channel's live capacity (the host's copy is written by the caller). */
  setCapacity(channel: number, capacity: number): void {
    this.send({ type: 'capacity', channel, capacity });
  }
}
