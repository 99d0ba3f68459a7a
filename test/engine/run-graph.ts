/**
 * Test helper: run a graph document headless (Node worker_threads) and get
 * its report. Throws with the validation errors if the document is invalid.
 */
import { parseGraph } from '../../src/graph/validate.ts';
import type { GraphInput } from '../../src/graph/model.ts';
import type { RunReport } from '../../src/metrics/report.ts';
import { createNodeEnv, type NodeEnvOptions } from '../../src/host/node/node-env.ts';
import { RunController, type RunOptions } from '../../src/host/run-controller.ts';

export function graphOf(doc: Omit<GraphInput, 'format' | 'version'>) {
  const parsed = parseGraph({ format: 'flowbench/graph', version: 1, ...doc });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return parsed.graph;
}

export function controllerFor(
  doc: Omit<GraphInput, 'format' | 'version'>,
  options: RunOptions = {},
  env: NodeEnvOptions = {},
) {
  return new RunController(graphOf(doc), createNodeEnv(env), options);
}

export async function runGraph(
  doc: Omit<GraphInput, 'format' | 'version'>,
  options: RunOptions = {},
  env: NodeEnvOptions = {},
): Promise<RunReport> {
  return controllerFor(doc, options, env).run();
}

/** A linear chain: source → …stages → sink, edges e1..en. */
export function chain(
  nodes: GraphInput['nodes'],
  edgeExtra: Record<string, unknown> = {},
): Pick<GraphInput, 'nodes' | 'edges'> {
  const edges = nodes.slice(1).map((n, i) => ({
    id: `e${i + 1}`,
    from: { node: nodes[i]!.id, port: 'out' },
    to: { node: n.id, port: 'in' },
    ...edgeExtra,
  }));
  return { nodes, edges };
}
