/**
 * A recording `Emitter` for kernel unit tests (and for debugging a kernel by
 * hand). Pure; allocates freely — never use it on the hot path.
 */
import type { CounterName, Emitter, Msg } from '../core/kernel.ts';

export interface EmitRecord {
  port: number;
  msg: Msg;
  /** The requested emission time; undefined = "now". */
  atUs: number | undefined;
}

export class RecordingEmitter implements Emitter {
  emits: EmitRecord[] = [];
  counters: Partial<Record<CounterName, number>> = {};
  services: number[] = [];
  latencies: number[] = [];
  burns: number[] = [];
  occupied: number[] = [];

  emit(port: number, msg: Msg, atUs?: number): void {
    this.emits.push({ port, msg, atUs });
  }
  count(name: CounterName, n = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + n;
  }
  service(us: number): void {
    this.services.push(us);
  }
  latency(us: number): void {
    this.latencies.push(us);
  }
  burn(us: number): void {
    this.burns.push(us);
  }
  occupy(us: number): void {
    this.occupied.push(us);
  }

  /** Counter value, 0 when never counted. */
  counter(name: CounterName): number {
    return this.counters[name] ?? 0;
  }
  /** Emissions on one port. */
  on(port: number): EmitRecord[] {
    return this.emits.filter((e) => e.port === port);
  }
  clear(): void {
    this.emits = [];
    this.counters = {};
    this.services = [];
    this.latencies = [];
    this.burns = [];
    this.occupied = [];
  }
}

/**
 * A plain message for tests. `queuedAtUs` defaults to +Infinity, which kernels
 * read as "arrived at the moment it is received" (they use min(now, queuedAtUs)).
 */
export function testMsg(fields: Partial<Msg> = {}): Msg {
  return {
    seq: 0,
    bornAtUs: 0,
    queuedAtUs: Infinity,
    key: 0,
    attempt: 0,
    flags: 0,
    payload: new Uint8Array(0),
    ...fields,
  };
}
