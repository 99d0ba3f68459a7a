/**
 * Import, last step: puts the outputs of parse, map and layout together as a
 * Flowbench graph document, keeping under `x-fbp` (on the graph, each node
 * and each edge) whatever Flowbench cannot model, so that `graphToFbp` gives
 * back an equivalent FBP file. The document is not validated here:
 * `fbpToGraph` hands it to `parseGraph`.
 *
 * Contract: pure (no DOM, no store); never throws.
 */
import type { GraphInput } from '../../graph/index.ts';
import type { MapResult } from './map.ts';
import type { ParsedFbp } from './parse.ts';
import { descriptionFromProperties, labelFromMetadata, nameFromProperties } from './shared.ts';
import {
  FBP_EXTENSION_KEY,
  type FbpEdgeExtension,
  type FbpNodeExtension,
  type Point,
} from './types.ts';

/**
 * The Flowbench graph document for a parsed, mapped and laid-out FBP graph.
 * @param mapped nodes and edges aligned with `fbp.processes` and `fbp.edges`.
 * @param positions laid-out positions by FBP process id, for the processes without one.
 * @returns an unvalidated `flowbench/graph` v1 document (node ids from `ParsedProcess.id`, edges `e1…eN`).
 */
export function assembleGraph(
  fbp: ParsedFbp,
  mapped: Pick<MapResult, 'nodes' | 'edges' | 'settings'>,
  positions: ReadonlyMap<string, Point>,
): GraphInput {
  const idOf = new Map(fbp.processes.map((p) => [p.fbpId, p.id]));
  const nodes = fbp.processes.map((p, i) => {
    const ext: FbpNodeExtension = {
      component: p.component,
      inPorts: [...p.inPorts],
      outPorts: [...p.outPorts],
      iips: p.iips,
    };
    if (p.metadata !== undefined) ext.metadata = p.metadata;
    if (p.id !== p.fbpId) ext.id = p.fbpId;
    const auto = positions.get(p.fbpId);
    if (auto !== undefined) ext.autoPosition = auto;
    const label = labelFromMetadata(p.metadata);
    return {
      id: p.id,
      kind: mapped.nodes[i]!.kind,
      ...(label !== undefined && { label }),
      position: p.position ?? auto!,
      params: mapped.nodes[i]!.params,
      [FBP_EXTENSION_KEY]: ext,
    };
  });
  const edges = fbp.edges.map(({ src, tgt, metadata }, i) => {
    const ext: FbpEdgeExtension = {
      srcPort: src.port,
      ...(src.index !== undefined && { srcIndex: src.index }),
      tgtPort: tgt.port,
      ...(tgt.index !== undefined && { tgtIndex: tgt.index }),
      ...(metadata !== undefined && { metadata }),
    };
    return {
      id: `e${i + 1}`,
      from: { node: idOf.get(src.process)!, port: mapped.edges[i]!.fromPort },
      to: { node: idOf.get(tgt.process)!, port: mapped.edges[i]!.toPort },
      ...mapped.edges[i]!.settings,
      [FBP_EXTENSION_KEY]: ext,
    };
  });
  const { properties } = fbp.graph;
  const description = descriptionFromProperties(properties);
  return {
    format: 'flowbench/graph',
    version: 1,
    name: nameFromProperties(properties),
    ...(description !== undefined && { description }),
    nodes,
    edges,
    ...(mapped.settings?.run !== undefined && { run: mapped.settings.run }),
    ...(mapped.settings?.targets !== undefined && { targets: mapped.settings.targets }),
    [FBP_EXTENSION_KEY]: fbp.graph,
  } as unknown as GraphInput;
}
