/**
 * Helpers for the FBP tests: import that throws on failure, accessors for the
 * `x-fbp` fields, and the FBP file a round trip should give. Test-only
 * (imported by *.test.ts).
 */
import type { Graph } from '../../graph/index.ts';
import { fbpToGraph } from './index.ts';
import type { FbpGraph, FbpNodeExtension } from './types.ts';

export type Obj = Record<string, unknown>;

/** Imports `doc`, throwing with the errors if it fails (tests only). */
export function imported(doc: unknown): { graph: Graph; approximations: string[] } {
  const r = fbpToGraph(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r;
}
/** The `x-fbp` field of node `id`. */
export const nodeExt = (g: Graph, id: string) =>
  (g.nodes.find((n) => n.id === id) as unknown as { 'x-fbp': FbpNodeExtension })['x-fbp'];
/** Node `id`. */
export const node = (g: Graph, id: string) => g.nodes.find((n) => n.id === id)!;

/**
 * What an equivalent FBP file looks like after a round trip, written from the
 * original by the documented rules: unknown top-level keys dropped, non-object
 * inports/outports empty, exact duplicate and dangling connections dropped,
 * edges before IIPs (as NoFlo's toJSON writes them), IIPs in process order.
 */
export function expectedRoundTrip(doc: Obj): FbpGraph {
  const processes = (doc.processes ?? {}) as Record<string, Obj>;
  const ids = Object.keys(processes);
  const ci = doc.caseSensitive !== true;
  const key = (ep: Obj) =>
    [ep.process, ci ? String(ep.port).toLowerCase() : ep.port, ep.index].join('\u0000');
  const seen = new Set<string>();
  const edges: Obj[] = [];
  const iips: Obj[] = [];
  for (const c of (doc.connections ?? []) as Obj[]) {
    const tgt = c.tgt as Obj;
    if (!ids.includes(tgt.process as string)) continue;
    if ('data' in c) {
      iips.push(c);
      continue;
    }
    const src = c.src as Obj;
    if (!ids.includes(src.process as string)) continue;
    const k = `${key(src)}\u0001${key(tgt)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    edges.push(c);
  }
  iips.sort(
    (a, b) =>
      ids.indexOf((a.tgt as Obj).process as string) - ids.indexOf((b.tgt as Obj).process as string),
  );
  const ports = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});
  return {
    ...(typeof doc.caseSensitive === 'boolean' && { caseSensitive: doc.caseSensitive }),
    properties: (doc.properties ?? {}) as Obj,
    inports: ports(doc.inports),
    outports: ports(doc.outports),
    groups: (doc.groups ?? []) as FbpGraph['groups'],
    processes: processes as unknown as FbpGraph['processes'],
    connections: [...edges, ...iips] as unknown as FbpGraph['connections'],
    ...(Array.isArray(doc.exports) && { exports: doc.exports }),
  } as FbpGraph;
}
