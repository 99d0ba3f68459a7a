/**
 * Split kernel: routes each message to one of `outputs` ports (or to all):
 * - roundRobin: 0, 1, …, n−1, 0, …
 * - leastLoaded: the port whose ring is least full (`env.outputLoad`), ties
 *   broken round-robin; plain round-robin when the scheduler gives no loads.
 * - random: uniform.
 * - weighted: proportional to `weights` (equal weights when absent or all 0).
 * - keyHash: `mix32(key) mod n`, so a key always takes the same port.
 * - broadcast: the message on port 0 and a shallow copy on every other port
 *   (payload and items shared, read-only).
 *
 * Every copy leaves at the time the message arrived (min(now, queuedAtUs):
 * a split takes no modelled time).
 *
 * Pure; no allocation except broadcast copies.
 */
import type { SplitParams } from './params.ts';
import { mix32, type Rng } from '../../core/random.ts';
import { copyMsg, type Emitter, type Kernel, type KernelEnv, type Msg } from '../../core/kernel.ts';

const ROUND_ROBIN = 0;
const LEAST_LOADED = 1;
const RANDOM = 2;
const WEIGHTED = 3;
const KEY_HASH = 4;
const BROADCAST = 5;

const POLICIES: Record<SplitParams['policy'], number> = {
  roundRobin: ROUND_ROBIN,
  leastLoaded: LEAST_LOADED,
  random: RANDOM,
  weighted: WEIGHTED,
  keyHash: KEY_HASH,
  broadcast: BROADCAST,
};

class SplitKernel implements Kernel {
  private readonly rng: Rng;
  private readonly outputLoad: ((port: number) => number) | undefined;
  private params: SplitParams;
  private policy = ROUND_ROBIN;
  private n = 2;
  private next = 0;
  /** Cumulative weights (weighted policy). */
  private cumulative = new Float64Array(0);

  constructor(params: SplitParams, env: KernelEnv) {
    this.rng = env.rng;
    this.outputLoad = env.outputLoad;
    this.params = params;
    this.apply(params);
  }

  private apply(p: SplitParams): void {
    this.params = p;
    this.policy = POLICIES[p.policy];
    this.n = p.outputs;
    if (this.next >= this.n) this.next = 0;
    const cumulative = new Float64Array(this.n);
    const w = p.weights;
    const usable = w !== undefined && w.length === this.n && w.some((x) => x > 0);
    let sum = 0;
    for (let i = 0; i < this.n; i++) {
      sum += usable ? (w[i] ?? 0) : 1;
      cumulative[i] = sum;
    }
    this.cumulative = cumulative;
  }

  ready(): boolean {
    return true;
  }

  receive(msg: Msg, _port: number, nowUs: number, out: Emitter): void {
    const at = msg.queuedAtUs < nowUs ? msg.queuedAtUs : nowUs;
    const n = this.n;
    switch (this.policy) {
      case BROADCAST:
        for (let i = 1; i < n; i++) out.emit(i, copyMsg(msg), at);
        out.emit(0, msg, at);
        return;
      case RANDOM:
        out.emit(this.rng.int(n), msg, at);
        return;
      case KEY_HASH:
        out.emit(mix32(msg.key) % n, msg, at);
        return;
      case WEIGHTED: {
        const c = this.cumulative;
        const target = this.rng.next() * (c[n - 1] as number);
        let i = 0;
        while (i < n - 1 && (c[i] as number) <= target) i++;
        out.emit(i, msg, at);
        return;
      }
      case LEAST_LOADED: {
        const load = this.outputLoad;
        if (load !== undefined) {
          let best = this.next;
          let bestLoad = load(best);
          for (let j = 1; j < n; j++) {
            let p = this.next + j;
            if (p >= n) p -= n;
            const l = load(p);
            if (l < bestLoad) {
              best = p;
              bestLoad = l;
            }
          }
          this.next = best + 1 >= n ? 0 : best + 1;
          out.emit(best, msg, at);
          return;
        }
        break;
      }
    }
    const port = this.next;
    this.next = port + 1 >= n ? 0 : port + 1;
    out.emit(port, msg, at);
  }

  tick(): number {
    return Infinity;
  }

  /**
   * Live change of policy and weights. Changing `outputs` is refused (false):
   * the ports and their rings are fixed by the plan.
   */
  setParams(params: unknown): boolean {
    const p = { ...this.params, ...(params as Partial<SplitParams>) };
    if (p.outputs !== this.n) return false;
    this.apply(p);
    return true;
  }
}

/** A split kernel; see the file header for the semantics. */
export function createSplitKernel(params: SplitParams, env: KernelEnv): Kernel {
  return new SplitKernel(params, env);
}
