/**
 * Kernel factory: one kernel per node instance, by node kind.
 *
 * Pure. Note: a `function` node's kernel compiles user code when created, so
 * call `createKernel` only inside a worker (see function.ts).
 */
import type { GraphNode } from '../../graph/model.ts';
import { createBatchKernel } from './batch.ts';
import { createCacheKernel } from './cache.ts';
import { createDelayKernel } from './delay.ts';
import { createFilterKernel } from './filter.ts';
import { createFunctionKernel } from './function.ts';
import { createMergeKernel } from './merge.ts';
import { createProcessKernel } from './process.ts';
import { createRatelimitKernel } from './ratelimit.ts';
import { createSinkKernel } from './sink.ts';
import { createSourceKernel } from './source.ts';
import { createSplitKernel } from './split.ts';
import type { Kernel, KernelEnv } from './types.ts';
import { createUnbatchKernel } from './unbatch.ts';

export type { CounterName, Emitter, Kernel, KernelEnv, Msg } from './types.ts';
export { MsgFlags } from './types.ts';

/**
 * The kernel of one instance of `node` (params as validated, defaults
 * filled). Throws for a function node whose code does not compile.
 */
export function createKernel(node: GraphNode, env: KernelEnv): Kernel {
  switch (node.kind) {
    case 'source':
      return createSourceKernel(node.params, env);
    case 'process':
      return createProcessKernel(node.params, env);
    case 'batch':
      return createBatchKernel(node.params);
    case 'unbatch':
      return createUnbatchKernel();
    case 'split':
      return createSplitKernel(node.params, env);
    case 'merge':
      return createMergeKernel();
    case 'cache':
      return createCacheKernel(node.params);
    case 'filter':
      return createFilterKernel(node.params, env);
    case 'ratelimit':
      return createRatelimitKernel(node.params);
    case 'delay':
      return createDelayKernel(node.params, env);
    case 'function':
      return createFunctionKernel(node.id, node.params, env);
    case 'sink':
      return createSinkKernel();
  }
}
