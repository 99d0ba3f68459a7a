/**
 * NoFlo / FBP JSON graphs ⇄ Flowbench graphs (see docs: fbp-import.md): the
 * public surface of this folder.
 *
 * Import runs in phases, each a pure function of the one before (files
 * beside this one): `parse` reads the document leniently the way real files
 * need (missing keys, arrays for objects, falsy IIPs, indices, duplicates,
 * dangling groups, case-insensitive ports, opaque ids, subgraphs); `map`
 * gives processes node kinds and params and edges ports, from the kinds'
 * `fbp` declarations; `layout` places nodes the file gave no position;
 * `assemble` builds the graph document, which `parseGraph` validates. Each
 * phase returns the approximations it made as plain sentences, in that order.
 * Only a non-object document, a `connections` that is not an array or a
 * `processes` that is neither an object nor empty fail. Whatever Flowbench
 * cannot model is kept under `x-fbp` extension fields so that `graphToFbp`
 * (`emit`) gives back an equivalent FBP file.
 *
 * Contract: pure (no DOM, no store); never throws on any input.
 */
import { parseGraph } from '../../graph/index.ts';
import { assembleGraph } from './assemble.ts';
import { layoutNodes } from './layout.ts';
import { mapFbp } from './map.ts';
import { parseFbp } from './parse.ts';
import type { FbpImportResult } from './types.ts';

export { componentForKind, graphToFbp } from './emit.ts';
export { kindForComponent } from './map.ts';
export {
  FBP_EXTENSION_KEY,
  type FbpConnection,
  type FbpEdge,
  type FbpEdgeExtension,
  type FbpEndpoint,
  type FbpExportedPort,
  type FbpGraph,
  type FbpGraphExtension,
  type FbpGroup,
  type FbpIip,
  type FbpImportResult,
  type FbpMetadata,
  type FbpNodeExtension,
  type FbpProcess,
} from './types.ts';

/**
 * Converts a parsed FBP/NoFlo JSON graph to a Flowbench graph.
 * Never throws. Fails only for a non-object document, a `connections` that is
 * not an array, a `processes` that is neither an object nor empty, or a
 * result Flowbench cannot hold (over the size limits).
 * @returns the graph (defaults filled, validated) and one sentence per kind of approximation.
 * @example fbpToGraph(JSON.parse(text)) // { ok: true, graph, approximations: ['Laid out 3 nodes …'] }
 */
export function fbpToGraph(doc: unknown): FbpImportResult {
  try {
    return importFbp(doc);
  } catch (err) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `could not be imported: ${err instanceof Error ? err.message : String(err)}`,
        },
      ],
    };
  }
}

function importFbp(doc: unknown): FbpImportResult {
  const parsed = parseFbp(doc);
  if (!parsed.ok) return parsed;
  const { fbp } = parsed;
  const mapped = mapFbp(fbp);
  const laidOut = layoutNodes({
    nodes: fbp.processes.map((p) => ({ id: p.fbpId, position: p.position })),
    edges: fbp.edges.map((e) => ({ from: e.src.process, to: e.tgt.process })),
  });
  const graph = parseGraph(assembleGraph(fbp, mapped, laidOut.positions));
  if (!graph.ok) return { ok: false, errors: graph.errors };
  return {
    ok: true,
    graph: graph.graph,
    approximations: [...parsed.notes, ...mapped.notes, ...laidOut.notes],
  };
}
