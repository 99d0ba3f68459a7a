/**
 * What a node kind is, declared once in its own folder (`src/kinds/<kind>/`):
 * its params schema and defaults, ports, label and description, how the plan
 * sizes it, which params apply to a live run, how its metrics read, how FBP
 * components map to it, and its kernel. Everything else (the document schema,
 * validation, the plan, metrics, import/export, the editor) reads these
 * declarations from the list in `./index.ts`; nothing outside `src/kinds`
 * switches on a kind's name (ESLint `flowbench/no-kind-names`).
 *
 * Methods use method syntax on purpose: their parameters are then checked
 * bivariantly, so a declaration typed for its own params is assignable to
 * `AnyKindDef`, which callers holding a node of any kind use.
 *
 * Pure: no DOM, no React, no store.
 */
import type { z } from 'zod';

import type { CounterName, Kernel, KernelEnv } from '../core/kernel.ts';

/** Input and output port names of a node. */
export interface NodePorts {
  inputs: string[];
  outputs: string[];
}

/** Where a kind sits in a pipeline: generators emit, collectors take messages out, stages do both. */
export type KindRole = 'generator' | 'stage' | 'collector';

/** What a collector's messages are: delivered work, failures, or load shed on purpose. */
export type Collected = 'delivered' | 'failed' | 'shed';

export interface KindDef<K extends string = string, S extends z.ZodType = z.ZodType> {
  readonly kind: K;
  /** Palette and inspector label ("Rate limit"). */
  readonly label: string;
  /** One line for the palette, the inspector and the docs. */
  readonly description: string;
  /** The params schema: fills defaults, rejects unknown fields. */
  readonly params: S;
  readonly role: KindRole;
  ports(params: z.output<S>): NodePorts;
  /** Input ports may stay unconnected without a warning (a merge's spare inputs). */
  readonly inputsOptional?: boolean;
  /** A source that stops by itself (a limit), so a run can end as drained. */
  finite?(params: z.output<S>): boolean;
  /** User code this node runs (consent, CLI opt-in), or undefined. */
  code?(params: z.output<S>): string | undefined;
  /** The watchdog names nodes of this kind as suspects when their worker stops beating. */
  readonly mayStall?: boolean;

  readonly plan?: {
    /** Instances the engine runs (default 1). */
    instances?(params: z.output<S>): number;
    /**
     * What sets that number and how to lower it, as a phrase for the plan
     * limits' sentences ("concurrency 1024 in cpu mode: …"); absent when a
     * node always runs one instance.
     */
    instancesNote?(params: z.output<S>): string | undefined;
    /** Estimated CPU share (0..1) of one instance at `inRate` msg/s in, for partitioning. */
    weight?(params: z.output<S>, instances: number, inRate: number): number;
    /** msg/s a source offers, for estimates ("max" counts as 10⁶). */
    offeredRate?(params: z.output<S>): number;
    /**
     * Largest encoded message (bytes: codec header + payload, batch members included)
     * leaving the node, given the largest arriving one; `headerBytes` is the codec's
     * per-message header (`MSG_HEADER_BYTES`).
     */
    frameOut?(params: z.output<S>, inFrameBytes: number, headerBytes: number): number;
    /**
     * `frameOut` is a guess for sizing rings, not a known size (user code
     * decides what it sends): the plan never refuses a run on it; a message
     * larger than its ring is then counted at run time.
     */
    readonly frameOutGuessed?: boolean;
    /** Every output carries a copy of each message (for rate estimates). */
    copiesToEveryOutput?(params: z.output<S>): boolean;
  };

  /**
   * Live runs: why changing params from how the run `started` into `after`
   * cannot apply to a running instance (a phrase such as "a process mode
   * change"), or undefined when it can. Absent: the kind takes new params on
   * the next run. Two rules apply to every kind besides (`runtime/live.ts`):
   * no more `plan.instances` than the run started (fewer are parked), no
   * larger `plan.frameOut`.
   */
  liveRefusal?(started: z.output<S>, after: z.output<S>): string | undefined;
  /**
   * Live runs: what the inspector says under a param (dotted path under
   * params) whose change the run cannot take, or can take only in part,
   * before the person edits it (`runtime/live.ts` `liveFieldNote`). Must
   * agree with `liveRefusal` and the two rules for every kind (a test checks).
   */
  liveNotes?(started: z.output<S>): Readonly<Record<string, string>>;

  readonly metrics: {
    /**
     * Utilization = occupied slot time (what its kernel reports with
     * `Emitter.occupy`, summed over instances) ÷ (slots × measured time).
     * Absent: the kind has no utilization (shown as "–").
     */
    utilization?: {
      slots(params: z.output<S>, instances: number): number;
    };
    /** What the node's percentiles read: end-to-end latency (sinks) or service time. */
    readonly percentiles?: 'latency' | 'service';
    /** Counters this kind produces besides messages in and out. */
    readonly counters: readonly CounterName[];
    /** It reports a circuit breaker state. */
    breaker?(params: z.output<S>): boolean;
    /** Collectors: what the messages they take are (totals and targets count delivered ones). */
    collects?(params: z.output<S>): Collected;
    /** Collectors: params that collect `what` instead (the editor proposes it from the wiring). */
    collecting?(params: z.output<S>, what: Collected): z.output<S>;
  };

  /**
   * Output ports whose messages are not delivered work: a sink wired to one
   * is proposed that role (`error` of a process: failed; `dropped` of a rate
   * limiter: shed).
   */
  readonly outputMeaning?: Readonly<Record<string, Exclude<Collected, 'delivered'>>>;

  /** NoFlo / FBP import: which components become this kind, and with which params. */
  readonly fbp?: {
    /**
     * Component names (the part after the last `/`) that mean this kind.
     * Patterns of different kinds must not overlap (a test checks).
     */
    readonly component?: RegExp;
    /**
     * Params for an FBP process with this many connected inputs and outputs,
     * or undefined when its connections do not fit the kind.
     */
    params(connections: { inputs: number; outputs: number }): Record<string, unknown> | undefined;
    /** The kind any other component becomes (exactly one kind says so). */
    readonly fallback?: boolean;
    /** Its ports on this side are numbered (`out1…outN`), one per FBP port and index. */
    readonly numberedPorts?: 'inputs' | 'outputs';
    /** FBP port names (lower case) that land on each of its ports other than the first. */
    readonly portSynonyms?: Readonly<Record<string, readonly string[]>>;
  };

  /** The kernel of one instance (params validated, defaults filled). May throw (bad code). */
  kernel(params: z.output<S>, env: KernelEnv, nodeId: string): Kernel;
}

/** A declaration of any kind, as code that holds a node of any kind sees it. */
export type AnyKindDef = KindDef<string, z.ZodType>;

/** Declares a kind (identity; gives the declaration its precise type). */
export function defineKind<const K extends string, S extends z.ZodType>(
  def: KindDef<K, S>,
): KindDef<K, S> {
  return def;
}

/** Fixed ports, for kinds whose ports do not depend on params. */
export function fixedPorts(inputs: string[], outputs: string[]): () => NodePorts {
  return () => ({ inputs: [...inputs], outputs: [...outputs] });
}

/** `prefix1` … `prefixN`. */
export function numberedPorts(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
}

/** What the inspector says under a param no live run takes. */
export const NEXT_RUN = 'applies to the next run';

/** Any params change applies live (kinds whose kernels take every field). */
export const appliesLive = (): undefined => undefined;
