/**
 * The list of node kinds. Adding a kind: write its folder (`params.ts`,
 * `kernel.ts`, `index.ts` with `defineKind`, `editor.ts`, tests) and add one
 * line below. Every registry (the document schema, validation, the plan,
 * metrics, FBP import, the palette and inspector) is built from this list;
 * its order is the palette order.
 *
 * Pure: no DOM, no React, no store.
 */
import type { Kernel, KernelEnv } from '../core/kernel.ts';
import { batch } from './batch/index.ts';
import { cache } from './cache/index.ts';
import { delay } from './delay/index.ts';
import { filter } from './filter/index.ts';
import { fn } from './function/index.ts';
import type { AnyKindDef, NodePorts } from './kind.ts';
import { merge } from './merge/index.ts';
import { process } from './process/index.ts';
import { ratelimit } from './ratelimit/index.ts';
import { sink } from './sink/index.ts';
import { source } from './source/index.ts';
import { split } from './split/index.ts';
import { unbatch } from './unbatch/index.ts';

export type { AnyKindDef, Collected, KindDef, KindRole, NodePorts } from './kind.ts';

/** Every kind, in palette order. */
export const kindList = [
  source,
  process,
  batch,
  unbatch,
  split,
  merge,
  cache,
  filter,
  ratelimit,
  delay,
  fn,
  sink,
] as const;

export type KindDefs = (typeof kindList)[number];
/** The name of a node kind (`'source'`, `'process'`, …). */
export type NodeKind = KindDefs['kind'];
/** The declaration of kind `K`, with its precise params type. */
export type KindDefOf<K extends NodeKind> = Extract<KindDefs, { kind: K }>;

/** Every kind name, in palette order. */
export const nodeKinds: readonly NodeKind[] = kindList.map((d) => d.kind);

const byName = new Map<string, AnyKindDef>(kindList.map((d) => [d.kind, d]));

/** Whether `name` is a node kind. */
export function isNodeKind(name: string): name is NodeKind {
  return byName.has(name);
}

/** The declaration of a kind (of any kind: params are checked by its schema). */
export function kindDef(kind: NodeKind): AnyKindDef {
  return byName.get(kind)!;
}

/** The declaration of a kind given by name, or undefined for a name that is not a kind. */
export function findKindDef(name: string): AnyKindDef | undefined {
  return byName.get(name);
}

/** A node as the kinds see it: its kind and validated params. */
export interface KindedNode {
  kind: NodeKind;
  params: unknown;
}

/**
 * Ports of a node: fixed per kind, or numbered from params (split outputs,
 * merge inputs).
 * @example portsOf({ kind: 'cache', params: {} }) // { inputs: ['in'], outputs: ['hit', 'miss'] }
 */
export function portsOf(node: KindedNode): NodePorts {
  return kindDef(node.kind).ports(node.params);
}

/**
 * The kernel of one instance of `node` (params as validated, defaults
 * filled). Throws for a function node whose code does not compile.
 */
export function createKernel(node: KindedNode & { id: string }, env: KernelEnv): Kernel {
  return kindDef(node.kind).kernel(node.params, env, node.id);
}
