/**
 * Export: a Flowbench graph as an FBP / NoFlo JSON graph. Nodes and edges
 * that came from FBP get back what their `x-fbp` fields kept (process id,
 * component, metadata, port names, indices, IIPs); the graph's `x-fbp` gives
 * back properties, exported ports, groups and legacy exports. The `x-fbp`
 * fields are read leniently (a hand-edited file may have broken them): what
 * does not read is treated as absent.
 *
 * Contract: pure (no DOM, no store); never throws for a valid graph.
 */
import {
  edgeSchema,
  kindDef,
  type Graph,
  type GraphEdge,
  type GraphNode,
  type NodeKind,
  runSchema,
} from '../../graph/index.ts';
import { FLOWBENCH_METADATA_KEY, mappedByComponent } from './map.ts';
import {
  countUp,
  descriptionFromProperties,
  endpoint,
  isIndex,
  isObj,
  isPortRef,
  labelFromMetadata,
  nameFromProperties,
  readPoint,
  setOwn,
} from './shared.ts';
import {
  FBP_EXTENSION_KEY,
  type FbpConnection,
  type FbpEdge,
  type FbpEdgeExtension,
  type FbpExportedPort,
  type FbpGraph,
  type FbpGraphExtension,
  type FbpGroup,
  type FbpIip,
  type FbpKeptIip,
  type FbpMetadata,
  type FbpNamedPort,
  type FbpNodeExtension,
  type FbpProcess,
} from './types.ts';

/**
 * Component name written for a Flowbench node that did not come from FBP.
 * @example componentForKind(node.kind) // "flowbench/Ratelimit" for a rate limiter
 */
export const componentForKind = (kind: NodeKind): string =>
  `flowbench/${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;

/**
 * Converts a Flowbench graph to an FBP/NoFlo JSON graph, the way NoFlo's
 * `toJSON` lays it out (edges first, then IIPs). Nodes and edges imported from
 * FBP get back their process id, component, metadata, port names, indices and
 * IIPs from `x-fbp`; positions are written to `metadata.x`/`y` (not an
 * auto-layout position the node still has, nor one the metadata already
 * spells); groups, exported ports and properties come from the graph's
 * `x-fbp`. Nodes made in Flowbench get component `flowbench/<Kind>` and their
 * Flowbench port names. Never throws for a valid graph.
 */
export function graphToFbp(graph: Graph): FbpGraph {
  const gext = readGraphExt(extOf(graph));
  const properties: Record<string, unknown> = { ...gext.properties };
  if (graph.name !== nameFromProperties(gext.properties)) properties.name = graph.name;
  delete properties[FLOWBENCH_METADATA_KEY];
  const graphKept = keptGraphSettings(graph);
  if (graphKept !== undefined) properties[FLOWBENCH_METADATA_KEY] = graphKept;
  if (graph.description !== descriptionFromProperties(gext.properties)) {
    if (graph.description === undefined) delete properties.description;
    else properties.description = graph.description;
  }

  const fbpId = new Map<string, string>();
  const processes: Record<string, FbpProcess> = {};
  const iips: FbpIip[] = [];
  // Connections per node, counted once (import maps a component by these counts).
  const inputs = new Map<string, number>();
  const outputs = new Map<string, number>();
  for (const e of graph.edges) {
    countUp(inputs, e.to.node);
    countUp(outputs, e.from.node);
  }
  for (const node of graph.nodes) {
    const ext = readNodeExt(extOf(node));
    const id = ext?.id ?? node.id;
    fbpId.set(node.id, id);
    const meta: FbpMetadata = { ...(ext?.metadata ?? {}) };
    delete meta[FLOWBENCH_METADATA_KEY];
    const connections = {
      inputs: inputs.get(node.id) ?? 0,
      outputs: outputs.get(node.id) ?? 0,
    };
    if (!importGivesBack(node, ext?.component ?? componentForKind(node.kind), connections)) {
      meta[FLOWBENCH_METADATA_KEY] = { kind: node.kind, params: node.params };
    }
    if (node.label !== labelFromMetadata(ext?.metadata)) {
      if (node.label === undefined) delete meta.label;
      else meta.label = node.label;
    }
    const unmovedAuto =
      ext?.autoPosition !== undefined &&
      node.position !== undefined &&
      node.position.x === ext.autoPosition.x &&
      node.position.y === ext.autoPosition.y;
    if (node.position !== undefined && !unmovedAuto) {
      const written = readPoint(ext?.metadata);
      // Keep the file's own spelling (e.g. "12" as a string) while the node has not moved.
      if (written?.x !== node.position.x || written.y !== node.position.y) {
        meta.x = node.position.x;
        meta.y = node.position.y;
      }
    }
    const proc: FbpProcess = { component: ext?.component ?? componentForKind(node.kind) };
    if (ext?.metadata !== undefined || Object.keys(meta).length > 0) proc.metadata = meta;
    setOwn(processes, id, proc);
    for (const iip of ext?.iips ?? []) {
      const conn: FbpIip = { data: iip.data, tgt: endpoint(id, iip.port, iip.index) };
      if (iip.metadata !== undefined) conn.metadata = iip.metadata;
      iips.push(conn);
    }
  }

  const connections: FbpConnection[] = [];
  for (const edge of graph.edges) {
    const ext = readEdgeExt(extOf(edge));
    const conn: FbpEdge = {
      src: endpoint(
        fbpId.get(edge.from.node) ?? edge.from.node,
        ext?.srcPort ?? edge.from.port,
        ext?.srcIndex,
      ),
      tgt: endpoint(
        fbpId.get(edge.to.node) ?? edge.to.node,
        ext?.tgtPort ?? edge.to.port,
        ext?.tgtIndex,
      ),
    };
    const meta: FbpMetadata = { ...(ext?.metadata ?? {}) };
    delete meta[FLOWBENCH_METADATA_KEY];
    const settings = edgeSettings(edge);
    if (settings !== undefined) meta[FLOWBENCH_METADATA_KEY] = settings;
    if (ext?.metadata !== undefined || Object.keys(meta).length > 0) conn.metadata = meta;
    connections.push(conn);
  }
  connections.push(...iips);

  const result: FbpGraph = {
    ...(gext.caseSensitive !== undefined && { caseSensitive: gext.caseSensitive }),
    properties,
    inports: exported(gext.inports),
    outports: exported(gext.outports),
    groups: gext.groups,
    processes,
    connections,
  };
  if (gext.exports !== undefined) result.exports = gext.exports;
  return result;
}

/**
 * Whether importing the exported process by its component alone gives the
 * node back (same kind, same params): then nothing needs keeping.
 */
function importGivesBack(
  node: GraphNode,
  component: string,
  connections: { inputs: number; outputs: number },
): boolean {
  const m = mappedByComponent(component, connections);
  if (m.kind !== node.kind) return false;
  return sameJson(m.params, node.params, node.kind);
}

/** Params equal once the kind's defaults are filled (key order from the schema). */
function sameJson(params: Record<string, unknown>, nodeParams: unknown, kind: NodeKind): boolean {
  const parsed = kindDef(kind).params.safeParse(params);
  return parsed.success && JSON.stringify(parsed.data) === JSON.stringify(nodeParams);
}

/** An edge's settings that differ from the defaults, or undefined when none do. */
function edgeSettings(edge: GraphEdge): Record<string, unknown> | undefined {
  const defaults = edgeSchema.parse({ id: edge.id, from: edge.from, to: edge.to }) as Record<
    string,
    unknown
  >;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(edge)) {
    if (k === 'id' || k === 'from' || k === 'to' || k.startsWith('x-')) continue;
    if (JSON.stringify(v) !== JSON.stringify(defaults[k])) out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The graph's run settings (when not the defaults) and targets, or undefined. */
function keptGraphSettings(graph: Graph): { run?: unknown; targets?: unknown } | undefined {
  const runDefault = JSON.stringify(runSchema.parse({}));
  const out: { run?: unknown; targets?: unknown } = {};
  if (JSON.stringify(graph.run) !== runDefault) out.run = graph.run;
  if (graph.targets !== undefined) out.targets = graph.targets;
  return Object.keys(out).length > 0 ? out : undefined;
}

const extOf = (o: object): unknown => (o as Record<string, unknown>)[FBP_EXTENSION_KEY];

/** Exported ports by public name (`__proto__` included). */
function exported(list: readonly FbpNamedPort[]): Record<string, FbpExportedPort> {
  const out: Record<string, FbpExportedPort> = {};
  for (const { name, ...port } of list) setOwn(out, name, port);
  return out;
}

/** A node's `x-fbp` (port lists are not read: export does not need them). */
function readNodeExt(v: unknown): FbpNodeExtension | undefined {
  if (!isObj(v) || typeof v.component !== 'string') return undefined;
  const iips = Array.isArray(v.iips)
    ? (v.iips as unknown[]).filter(
        (i): i is FbpKeptIip => isObj(i) && typeof i.port === 'string' && Object.hasOwn(i, 'data'),
      )
    : [];
  const ext: FbpNodeExtension = { component: v.component, inPorts: [], outPorts: [], iips };
  if (isObj(v.metadata)) ext.metadata = v.metadata;
  if (typeof v.id === 'string') ext.id = v.id;
  const autoPosition = readPoint(v.autoPosition);
  if (autoPosition !== undefined) ext.autoPosition = autoPosition;
  return ext;
}

function readEdgeExt(v: unknown): FbpEdgeExtension | undefined {
  if (!isObj(v) || typeof v.srcPort !== 'string' || typeof v.tgtPort !== 'string') {
    return undefined;
  }
  const ext: FbpEdgeExtension = { srcPort: v.srcPort, tgtPort: v.tgtPort };
  if (isIndex(v.srcIndex)) ext.srcIndex = v.srcIndex;
  if (isIndex(v.tgtIndex)) ext.tgtIndex = v.tgtIndex;
  if (isObj(v.metadata)) ext.metadata = v.metadata;
  return ext;
}

function readGraphExt(v: unknown): FbpGraphExtension {
  const ext: FbpGraphExtension = { properties: {}, inports: [], outports: [], groups: [] };
  if (!isObj(v)) return ext;
  if (isObj(v.properties)) ext.properties = v.properties;
  if (typeof v.caseSensitive === 'boolean') ext.caseSensitive = v.caseSensitive;
  const ports = (raw: unknown): FbpNamedPort[] =>
    Array.isArray(raw)
      ? (raw as unknown[]).filter(
          (p): p is FbpNamedPort => isPortRef(p) && typeof p.name === 'string',
        )
      : [];
  ext.inports = ports(v.inports);
  ext.outports = ports(v.outports);
  if (Array.isArray(v.groups)) {
    ext.groups = (v.groups as unknown[]).filter(
      (g): g is FbpGroup => isObj(g) && typeof g.name === 'string' && Array.isArray(g.nodes),
    );
  }
  if (Array.isArray(v.exports)) ext.exports = v.exports as unknown[];
  return ext;
}
