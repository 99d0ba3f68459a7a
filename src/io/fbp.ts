/**
 * NoFlo / FBP JSON graphs ⇄ Flowbench graphs (see docs: fbp-import.md).
 *
 * Import is lenient the way real files need (missing keys, arrays for
 * objects, falsy IIPs, indices, duplicates, missing positions, dangling
 * groups, case-insensitive ports, opaque ids, subgraphs) and reports what it
 * approximated as plain sentences; only a non-object document or a
 * `connections` that is not an array fail. Whatever Flowbench cannot model is
 * kept under `x-fbp` extension fields so that `graphToFbp` gives back an
 * equivalent FBP file.
 *
 * Contract: pure (no DOM, no store); never throws on any input.
 */
import {
  describeValue,
  type Graph,
  type GraphInput,
  type GraphIssue,
  kindDef,
  LIMITS,
  type NodeKind,
  type NodePorts,
  parseGraph,
} from '../graph/index.ts';
import { type AnyKindDef, kindList } from '../kinds/index.ts';

// ---------------------------------------------------------------------------
// FBP JSON types (flowbased/fbp schema/graph.json, as NoFlo's toJSON writes it)

export type FbpMetadata = Record<string, unknown>;
export interface FbpEndpoint {
  process: string;
  port: string;
  index?: number;
}
/** A connection between two processes. */
export interface FbpEdge {
  src: FbpEndpoint;
  tgt: FbpEndpoint;
  metadata?: FbpMetadata;
}
/** An initial information packet: data sent to a port once at start. */
export interface FbpIip {
  data: unknown;
  tgt: FbpEndpoint;
  metadata?: FbpMetadata;
}
export type FbpConnection = FbpEdge | FbpIip;
export interface FbpProcess {
  component: string;
  metadata?: FbpMetadata;
}
export interface FbpExportedPort {
  process: string;
  port: string;
  metadata?: FbpMetadata;
}
export interface FbpGroup {
  name: string;
  nodes: string[];
  metadata?: FbpMetadata;
}
export interface FbpGraph {
  caseSensitive?: boolean;
  properties: Record<string, unknown>;
  inports: Record<string, FbpExportedPort>;
  outports: Record<string, FbpExportedPort>;
  groups: FbpGroup[];
  processes: Record<string, FbpProcess>;
  connections: FbpConnection[];
  /** Legacy (pre-2017) exported ports; written back only when the imported file had them. */
  exports?: unknown[];
}

// ---------------------------------------------------------------------------
// Extension fields kept on the Flowbench graph

/** `x-fbp` on a node: what the FBP process was. */
export interface FbpNodeExtension {
  component: string;
  /** FBP port names seen on this process (connections, IIPs, exported ports). */
  inPorts: string[];
  outPorts: string[];
  iips: { port: string; index?: number; data: unknown; metadata?: FbpMetadata }[];
  /** The process metadata as it was (x/y included); absent if the file had none. */
  metadata?: FbpMetadata;
  /** The FBP process id, when it could not be used as the Flowbench id as is. */
  id?: string;
  /** The position auto-layout gave a node that had none; not written back while unchanged. */
  autoPosition?: { x: number; y: number };
}
/** `x-fbp` on an edge: the FBP port names and indices. */
export interface FbpEdgeExtension {
  srcPort: string;
  srcIndex?: number;
  tgtPort: string;
  tgtIndex?: number;
  metadata?: FbpMetadata;
}
/** `x-fbp` on the graph: what has no Flowbench counterpart. */
export interface FbpGraphExtension {
  properties: Record<string, unknown>;
  caseSensitive?: boolean;
  inports: ({ name: string } & FbpExportedPort)[];
  outports: ({ name: string } & FbpExportedPort)[];
  groups: FbpGroup[];
  exports?: unknown[];
}

export type FbpImportResult =
  { ok: true; graph: Graph; approximations: string[] } | { ok: false; errors: GraphIssue[] };

export const FBP_EXTENSION_KEY = 'x-fbp';
const DEFAULT_GRAPH_NAME = 'Untitled graph';

// ---------------------------------------------------------------------------
// Component → kind (each kind's `fbp` declaration, src/kinds)

type FbpRule = NonNullable<AnyKindDef['fbp']>;
const fbpKinds = kindList.filter((d) => d.fbp !== undefined);
/** The kind an FBP component without a kind of its own becomes (a pass-through Function). */
const fallbackKind = fbpKinds.find((d) => d.fbp?.fallback === true)!;
const fbpRule = (kind: NodeKind): FbpRule => kindDef(kind).fbp ?? fallbackKind.fbp!;

/**
 * The kind a component name maps to by name alone (tried against the
 * component's last path segment, `core/Repeat` → `Repeat`, case-insensitively),
 * or the fallback kind. A node whose connections do not fit the kind (a source
 * with incoming edges, a sink with outgoing ones) falls back as well.
 */
export function kindForComponent(component: string): NodeKind {
  const base = component.slice(component.lastIndexOf('/') + 1);
  return (fbpKinds.find((d) => d.fbp?.component?.test(base) === true) ?? fallbackKind).kind;
}

// ---------------------------------------------------------------------------
// Helpers

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Sets an own enumerable property, even for keys such as `__proto__`. */
function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function listNames(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).map((n) => JSON.stringify(n));
  return names.length > max
    ? `${shown.join(', ')} and ${names.length - max} more`
    : shown.join(', ');
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function finiteNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

const nameFromProperties = (p: Obj): string =>
  typeof p.name === 'string' && p.name.trim() !== ''
    ? p.name.slice(0, LIMITS.maxLabelLength)
    : DEFAULT_GRAPH_NAME;
const descriptionFromProperties = (p: Obj): string | undefined =>
  typeof p.description === 'string' && p.description !== ''
    ? p.description.slice(0, LIMITS.maxDescriptionLength)
    : undefined;
const labelFromMetadata = (m: Obj | undefined): string | undefined =>
  m !== undefined && typeof m.label === 'string' && m.label !== ''
    ? m.label.slice(0, LIMITS.maxLabelLength)
    : undefined;

interface RawEndpoint {
  process: string;
  port: string;
  index?: number;
}

function readEndpoint(v: unknown): RawEndpoint | undefined {
  if (!isObj(v) || typeof v.process !== 'string' || typeof v.port !== 'string') return undefined;
  return isIndex(v.index)
    ? { process: v.process, port: v.port, index: v.index }
    : { process: v.process, port: v.port };
}

// ---------------------------------------------------------------------------
// Import

const KNOWN_TOP_LEVEL = new Set([
  'properties',
  'caseSensitive',
  'processes',
  'connections',
  'inports',
  'outports',
  'groups',
  'exports',
]);

const LAYER_GAP_X = 240;
const ROW_GAP_Y = 120;

/**
 * Converts a parsed FBP/NoFlo JSON graph to a Flowbench graph.
 * Never throws. Fails only for a non-object document, a `connections` that is
 * not an array, a `processes` that is neither an object nor empty, or a
 * result Flowbench cannot hold (over the size limits).
 * @returns the graph (defaults filled, validated) and one sentence per kind of approximation.
 */
export function fbpToGraph(doc: unknown): FbpImportResult {
  try {
    return convert(doc);
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

function convert(doc: unknown): FbpImportResult {
  if (!isObj(doc)) {
    return {
      ok: false,
      errors: [{ path: '', message: `must be a JSON object (got ${describeValue(doc)})` }],
    };
  }
  if (doc.connections !== undefined && !Array.isArray(doc.connections)) {
    return {
      ok: false,
      errors: [
        {
          path: 'connections',
          message: `must be an array (got ${describeValue(doc.connections)})`,
        },
      ],
    };
  }
  const emptyArray = Array.isArray(doc.processes) && doc.processes.length === 0;
  if (doc.processes !== undefined && !isObj(doc.processes) && !emptyArray) {
    return {
      ok: false,
      errors: [
        {
          path: 'processes',
          message: `must be an object of processes by id (got ${describeValue(doc.processes)})`,
        },
      ],
    };
  }

  const notes: string[] = [];
  const caseSensitive = doc.caseSensitive === true;
  const portKey = (p: string) => (caseSensitive ? p : p.toLowerCase());

  const unknownKeys = Object.keys(doc).filter((k) => !KNOWN_TOP_LEVEL.has(k));
  if (unknownKeys.length > 0)
    notes.push(`Ignored unknown top-level keys ${listNames(unknownKeys)}.`);

  const properties: Obj = isObj(doc.properties) ? { ...doc.properties } : {};
  if (doc.properties !== undefined && !isObj(doc.properties)) {
    notes.push('"properties" was not an object and was treated as empty.');
  }

  // Processes ---------------------------------------------------------------
  const rawProcesses: Obj = isObj(doc.processes) ? doc.processes : {};
  const fbpIds = Object.keys(rawProcesses);
  const usedIds = new Set(fbpIds);
  const flowbenchId = new Map<string, string>();
  const renamed: string[] = [];
  let generated = 0;
  for (const id of fbpIds) {
    if (id.length >= 1 && id.length <= LIMITS.maxIdLength) {
      flowbenchId.set(id, id);
      continue;
    }
    let fresh: string;
    do fresh = `fbp-node-${++generated}`;
    while (usedIds.has(fresh));
    usedIds.add(fresh);
    flowbenchId.set(id, fresh);
    renamed.push(id.length > 40 ? `${id.slice(0, 40)}…` : id);
  }
  if (renamed.length > 0) {
    notes.push(
      `${plural(renamed.length, 'process id')} could not be used as node ids (empty or over ${LIMITS.maxIdLength} characters) and got new ids; the original is written back on export: ${listNames(renamed)}.`,
    );
  }
  const byLowerId = new Map<string, string | null>();
  for (const id of fbpIds) {
    const lower = id.toLowerCase();
    byLowerId.set(lower, byLowerId.has(lower) ? null : id);
  }
  /** Resolves a process reference: exact id, else a unique case-insensitive match. */
  const resolveProcess = (ref: string): string | undefined => {
    if (Object.hasOwn(rawProcesses, ref)) return ref;
    return byLowerId.get(ref.toLowerCase()) ?? undefined;
  };

  const components = new Map<string, string>();
  const metadata = new Map<string, Obj | undefined>();
  const missingComponent: string[] = [];
  for (const id of fbpIds) {
    const raw = rawProcesses[id];
    let component = '';
    if (typeof raw === 'string') component = raw;
    else if (isObj(raw) && typeof raw.component === 'string') component = raw.component;
    if (component === '') missingComponent.push(id);
    components.set(id, component);
    metadata.set(id, isObj(raw) && isObj(raw.metadata) ? { ...raw.metadata } : undefined);
  }
  if (missingComponent.length > 0) {
    notes.push(
      `${plural(missingComponent.length, 'process', 'processes')} had no component name: ${listNames(missingComponent)}.`,
    );
  }

  // Connections -------------------------------------------------------------
  interface RawEdge {
    src: RawEndpoint;
    tgt: RawEndpoint;
    metadata?: Obj;
  }
  const edges: RawEdge[] = [];
  const iips = new Map<string, FbpNodeExtension['iips']>();
  const inPorts = new Map<string, Map<string, string>>();
  const outPorts = new Map<string, Map<string, string>>();
  const seePort = (ports: Map<string, Map<string, string>>, process: string, port: string) => {
    let m = ports.get(process);
    if (m === undefined) ports.set(process, (m = new Map()));
    if (!m.has(portKey(port))) m.set(portKey(port), port);
  };
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const dangling: string[] = [];
  const malformed: number[] = [];
  let iipCount = 0;
  const connections = Array.isArray(doc.connections) ? (doc.connections as unknown[]) : [];
  connections.forEach((conn, i) => {
    if (!isObj(conn)) return void malformed.push(i);
    const meta = isObj(conn.metadata) ? { ...conn.metadata } : undefined;
    const tgt = readEndpoint(conn.tgt);
    if (tgt === undefined) return void malformed.push(i);
    const tgtId = resolveProcess(tgt.process);
    if (Object.hasOwn(conn, 'data')) {
      // An IIP whatever its data: "", 0, false, null and objects are all real packets.
      if (tgtId === undefined) return void dangling.push(`IIP → ${tgt.process}.${tgt.port}`);
      const iip: FbpNodeExtension['iips'][number] = {
        port: tgt.port,
        ...(tgt.index !== undefined && { index: tgt.index }),
        data: conn.data,
        ...(meta !== undefined && { metadata: meta }),
      };
      let list = iips.get(tgtId);
      if (list === undefined) iips.set(tgtId, (list = []));
      list.push(iip);
      seePort(inPorts, tgtId, tgt.port);
      iipCount++;
      return;
    }
    const src = readEndpoint(conn.src);
    if (src === undefined) return void malformed.push(i);
    const srcId = resolveProcess(src.process);
    const label = `${src.process}.${src.port} → ${tgt.process}.${tgt.port}`;
    if (srcId === undefined || tgtId === undefined) return void dangling.push(label);
    const key = [srcId, portKey(src.port), src.index, tgtId, portKey(tgt.port), tgt.index].join(
      '\u0000',
    );
    if (seen.has(key)) return void duplicates.push(label);
    seen.add(key);
    const edge: RawEdge = { src: { ...src, process: srcId }, tgt: { ...tgt, process: tgtId } };
    if (meta !== undefined) edge.metadata = meta;
    edges.push(edge);
    seePort(outPorts, srcId, src.port);
    seePort(inPorts, tgtId, tgt.port);
  });
  if (malformed.length > 0) {
    notes.push(
      `Skipped ${plural(malformed.length, 'connection')} without a usable src/tgt {process, port} (connections[${malformed.slice(0, 5).join('], [')}]${malformed.length > 5 ? ', …' : ''}).`,
    );
  }
  if (dangling.length > 0) {
    notes.push(
      `Dropped ${plural(dangling.length, 'connection')} naming processes that do not exist: ${listNames(dangling)}.`,
    );
  }
  if (duplicates.length > 0) {
    notes.push(
      `Merged ${plural(duplicates.length, 'duplicate connection')}: ${listNames(duplicates)}.`,
    );
  }

  // Exported ports, groups, legacy exports ----------------------------------
  const readExported = (key: 'inports' | 'outports'): FbpGraphExtension['inports'] => {
    const raw = doc[key];
    if (raw === undefined) return [];
    if (!isObj(raw)) {
      if (!(Array.isArray(raw) && raw.length === 0)) {
        notes.push(`"${key}" was not an object and was treated as empty.`);
      }
      return [];
    }
    const out: FbpGraphExtension['inports'] = [];
    const bad: string[] = [];
    for (const name of Object.keys(raw)) {
      const ep = raw[name];
      if (!isObj(ep) || typeof ep.process !== 'string' || typeof ep.port !== 'string') {
        bad.push(name);
        continue;
      }
      const port: FbpGraphExtension['inports'][number] = {
        name,
        process: ep.process,
        port: ep.port,
      };
      if (isObj(ep.metadata)) port.metadata = { ...ep.metadata };
      out.push(port);
      const id = resolveProcess(ep.process);
      if (id !== undefined) seePort(key === 'inports' ? inPorts : outPorts, id, ep.port);
    }
    if (bad.length > 0) {
      notes.push(`Skipped ${key} without a process and port: ${listNames(bad)}.`);
    }
    return out;
  };
  const inports = readExported('inports');
  const outports = readExported('outports');

  const groups: FbpGroup[] = [];
  if (Array.isArray(doc.groups)) {
    const missing = new Set<string>();
    let skipped = 0;
    for (const g of doc.groups as unknown[]) {
      if (!isObj(g) || typeof g.name !== 'string') {
        skipped++;
        continue;
      }
      const nodes = Array.isArray(g.nodes)
        ? (g.nodes as unknown[]).filter((n): n is string => typeof n === 'string')
        : [];
      for (const n of nodes) if (resolveProcess(n) === undefined) missing.add(n);
      const group: FbpGroup = { name: g.name, nodes };
      if (isObj(g.metadata)) group.metadata = { ...g.metadata };
      groups.push(group);
    }
    if (skipped > 0) notes.push(`Skipped ${plural(skipped, 'group')} without a name.`);
    if (missing.size > 0) {
      notes.push(
        `Groups name ${plural(missing.size, 'process', 'processes')} that do not exist (kept as written): ${listNames([...missing])}.`,
      );
    }
  } else if (doc.groups !== undefined) {
    notes.push('"groups" was not an array and was treated as empty.');
  }

  const graphExt: FbpGraphExtension = { properties, inports, outports, groups };
  if (typeof doc.caseSensitive === 'boolean') graphExt.caseSensitive = doc.caseSensitive;
  if (Array.isArray(doc.exports)) {
    graphExt.exports = doc.exports as unknown[];
    if (doc.exports.length > 0) {
      notes.push(
        `Kept the legacy "exports" array (${plural(doc.exports.length, 'entry', 'entries')}) for export as is; it is not converted to graph ports.`,
      );
    }
  }

  // Kinds -------------------------------------------------------------------
  const incoming = new Map<string, RawEdge[]>();
  const outgoing = new Map<string, RawEdge[]>();
  for (const e of edges) {
    (incoming.get(e.tgt.process) ?? incoming.set(e.tgt.process, []).get(e.tgt.process)!).push(e);
    (outgoing.get(e.src.process) ?? outgoing.set(e.src.process, []).get(e.src.process)!).push(e);
  }
  const kinds = new Map<string, NodeKind>();
  /** Params per process from its kind's FBP rule (connection counts decide numbered ports). */
  const kindParams = new Map<string, Record<string, unknown>>();
  const unknownComponents = new Map<string, number>();
  const misfits: string[] = [];
  const mapped = new Map<string, string[]>();
  for (const id of fbpIds) {
    const component = components.get(id) ?? '';
    let kind = kindForComponent(component);
    const connections = {
      inputs: incoming.get(id)?.length ?? 0,
      outputs: outgoing.get(id)?.length ?? 0,
    };
    let params = fbpRule(kind).params(connections);
    if (params === undefined) {
      misfits.push(`${id} (${component} as ${kind})`);
      kind = fallbackKind.kind;
      params = fallbackKind.fbp!.params(connections)!;
    }
    kinds.set(id, kind);
    kindParams.set(id, params);
    if (kind === fallbackKind.kind) {
      unknownComponents.set(component, (unknownComponents.get(component) ?? 0) + 1);
    } else {
      const list = mapped.get(`${component} → ${kind}`) ?? [];
      list.push(id);
      mapped.set(`${component} → ${kind}`, list);
    }
  }
  if (mapped.size > 0) {
    notes.push(
      `Mapped known components to Flowbench kinds with default parameters: ${[...mapped.keys()].join(', ')}.`,
    );
  }
  if ([...kinds.values()].some((k) => kindDef(k).role === 'generator')) {
    notes.push(
      'Generator components became sources emitting at the default rate; in FBP they send their IIPs once.',
    );
  }
  if (unknownComponents.size > 0) {
    const names = [...unknownComponents].map(([c, n]) =>
      n > 1 ? `${c || '(none)'} ×${n}` : c || '(none)',
    );
    notes.push(
      `${plural(
        [...unknownComponents.values()].reduce((a, b) => a + b, 0),
        'process',
        'processes',
      )} became pass-through Function nodes (component, ports and IIPs kept for export): ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}.`,
    );
  }
  if (misfits.length > 0) {
    notes.push(
      `Became Function nodes because their connections do not fit the kind: ${listNames(misfits)}.`,
    );
  }
  if (iipCount > 0) {
    notes.push(
      `Kept ${plural(iipCount, 'IIP')} on their nodes for export; Flowbench does not send initial packets.`,
    );
  }

  // Edges -------------------------------------------------------------------
  const portOf = (id: string): NodePorts => {
    const kind = kinds.get(id) ?? fallbackKind.kind;
    const def = kindDef(kind);
    return def.ports(def.params.parse(kindParams.get(id) ?? {}));
  };
  const rerouted: string[] = [];
  const mapPort = (id: string, fbpPort: string, side: 'inputs' | 'outputs', ordinal: number) => {
    const rule = fbpRule(kinds.get(id) ?? fallbackKind.kind);
    const ports = portOf(id)[side];
    if (rule.numberedPorts === side) return ports[ordinal] ?? ports[0]!;
    const lower = fbpPort.toLowerCase();
    const exact = ports.find((p) => (caseSensitive ? p === fbpPort : p === lower));
    const synonym = ports.find((p) => rule.portSynonyms?.[p]?.includes(lower));
    const port = exact ?? synonym ?? ports[0]!;
    if (rule.fallback !== true && port.toLowerCase() !== lower) {
      rerouted.push(`${id}.${fbpPort} → ${port}`);
    }
    return port;
  };
  const outOrdinal = new Map<string, number>();
  const inOrdinal = new Map<string, number>();
  const next = (m: Map<string, number>, id: string) => {
    const n = m.get(id) ?? 0;
    m.set(id, n + 1);
    return n;
  };
  const edgeDocs = edges.map((e, i) => {
    const ext: FbpEdgeExtension = { srcPort: e.src.port, tgtPort: e.tgt.port };
    if (e.src.index !== undefined) ext.srcIndex = e.src.index;
    if (e.tgt.index !== undefined) ext.tgtIndex = e.tgt.index;
    if (e.metadata !== undefined) ext.metadata = e.metadata;
    const ordered: FbpEdgeExtension = {
      srcPort: ext.srcPort,
      ...(ext.srcIndex !== undefined && { srcIndex: ext.srcIndex }),
      tgtPort: ext.tgtPort,
      ...(ext.tgtIndex !== undefined && { tgtIndex: ext.tgtIndex }),
      ...(ext.metadata !== undefined && { metadata: ext.metadata }),
    };
    return {
      id: `e${i + 1}`,
      from: {
        node: flowbenchId.get(e.src.process)!,
        port: mapPort(e.src.process, e.src.port, 'outputs', next(outOrdinal, e.src.process)),
      },
      to: {
        node: flowbenchId.get(e.tgt.process)!,
        port: mapPort(e.tgt.process, e.tgt.port, 'inputs', next(inOrdinal, e.tgt.process)),
      },
      [FBP_EXTENSION_KEY]: ordered,
    };
  });
  if (rerouted.length > 0) {
    notes.push(
      `Connected ${plural(rerouted.length, 'FBP port')} the node kind lacks to its nearest port (names kept for export): ${listNames(rerouted)}.`,
    );
  }

  // Positions ---------------------------------------------------------------
  const given = new Map<string, { x: number; y: number }>();
  for (const id of fbpIds) {
    const m = metadata.get(id);
    const x = finiteNumber(m?.x);
    const y = finiteNumber(m?.y);
    if (x !== undefined && y !== undefined) given.set(id, { x, y });
  }
  const auto = layout(fbpIds, edges, given);
  if (auto.size > 0) {
    notes.push(
      `Laid out ${plural(auto.size, 'node')} that had no position, left to right by depth.`,
    );
  }

  // Nodes -------------------------------------------------------------------
  const nodeDocs = fbpIds.map((id) => {
    const kind = kinds.get(id) ?? fallbackKind.kind;
    const component = components.get(id) ?? '';
    const meta = metadata.get(id);
    const ext: FbpNodeExtension = {
      component,
      inPorts: [...(inPorts.get(id)?.values() ?? [])],
      outPorts: [...(outPorts.get(id)?.values() ?? [])],
      iips: iips.get(id) ?? [],
    };
    if (meta !== undefined) ext.metadata = meta;
    if (flowbenchId.get(id) !== id) ext.id = id;
    const autoPos = auto.get(id);
    if (autoPos !== undefined) ext.autoPosition = autoPos;
    const params = kindParams.get(id) ?? {};
    const label = labelFromMetadata(meta);
    return {
      id: flowbenchId.get(id)!,
      kind,
      ...(label !== undefined && { label }),
      position: given.get(id) ?? autoPos!,
      params,
      [FBP_EXTENSION_KEY]: ext,
    };
  });

  const description = descriptionFromProperties(properties);
  const input = {
    format: 'flowbench/graph',
    version: 1,
    name: nameFromProperties(properties),
    ...(description !== undefined && { description }),
    nodes: nodeDocs,
    edges: edgeDocs,
    [FBP_EXTENSION_KEY]: graphExt,
  } as unknown as GraphInput;
  const parsed = parseGraph(input);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  return { ok: true, graph: parsed.graph, approximations: notes };
}

/**
 * Layered left-to-right layout for nodes without a position: column = longest
 * path from a root (cycles broken at the first unvisited node), row = order
 * within the column. When some nodes have positions, the laid-out ones go
 * below them so nothing overlaps.
 */
function layout(
  ids: readonly string[],
  edges: readonly { src: { process: string }; tgt: { process: string } }[],
  given: ReadonlyMap<string, { x: number; y: number }>,
): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>();
  if (given.size === ids.length) return out;
  const succ = new Map<string, string[]>(ids.map((id) => [id, []]));
  const indeg = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const e of edges) {
    if (e.src.process === e.tgt.process) continue;
    succ.get(e.src.process)?.push(e.tgt.process);
    indeg.set(e.tgt.process, (indeg.get(e.tgt.process) ?? 0) + 1);
  }
  const depth = new Map<string, number>(ids.map((id) => [id, 0]));
  const done = new Set<string>();
  const queue = ids.filter((id) => indeg.get(id) === 0);
  while (done.size < ids.length) {
    if (queue.length === 0) {
      const start = ids.find((id) => !done.has(id));
      if (start === undefined) break;
      queue.push(start);
    }
    const id = queue.shift()!;
    if (done.has(id)) continue;
    done.add(id);
    for (const s of succ.get(id) ?? []) {
      if (done.has(s)) continue;
      depth.set(s, Math.max(depth.get(s) ?? 0, (depth.get(id) ?? 0) + 1));
      const left = (indeg.get(s) ?? 1) - 1;
      indeg.set(s, left);
      if (left === 0) queue.push(s);
    }
  }
  let originX = 0;
  let originY = 0;
  if (given.size > 0) {
    const pts = [...given.values()];
    originX = Math.min(...pts.map((p) => p.x));
    originY = Math.max(...pts.map((p) => p.y)) + ROW_GAP_Y + 40;
  }
  const rows = new Map<number, number>();
  for (const id of ids) {
    if (given.has(id)) continue;
    const d = depth.get(id) ?? 0;
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    out.set(id, { x: originX + d * LAYER_GAP_X, y: originY + row * ROW_GAP_Y });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Export

function readNodeExt(v: unknown): FbpNodeExtension | undefined {
  if (!isObj(v) || typeof v.component !== 'string') return undefined;
  const iips = Array.isArray(v.iips)
    ? (v.iips as unknown[]).filter(
        (i): i is FbpNodeExtension['iips'][number] =>
          isObj(i) && typeof i.port === 'string' && Object.hasOwn(i, 'data'),
      )
    : [];
  const ext: FbpNodeExtension = {
    component: v.component,
    inPorts: [],
    outPorts: [],
    iips,
  };
  if (isObj(v.metadata)) ext.metadata = v.metadata;
  if (typeof v.id === 'string') ext.id = v.id;
  if (isObj(v.autoPosition)) {
    const x = finiteNumber(v.autoPosition.x);
    const y = finiteNumber(v.autoPosition.y);
    if (x !== undefined && y !== undefined) ext.autoPosition = { x, y };
  }
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
  const ports = (raw: unknown) =>
    Array.isArray(raw)
      ? (raw as unknown[]).filter(
          (p): p is FbpGraphExtension['inports'][number] =>
            isObj(p) &&
            typeof p.name === 'string' &&
            typeof p.process === 'string' &&
            typeof p.port === 'string',
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

const extOf = (o: object): unknown => (o as Record<string, unknown>)[FBP_EXTENSION_KEY];

/** Component name written for a Flowbench node that did not come from FBP. */
export const componentForKind = (kind: NodeKind): string =>
  `flowbench/${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;

function endpoint(process: string, port: string, index: number | undefined): FbpEndpoint {
  return index === undefined ? { process, port } : { process, port, index };
}

/**
 * Converts a Flowbench graph to an FBP/NoFlo JSON graph, the way NoFlo's
 * `toJSON` lays it out (edges first, then IIPs). Nodes and edges imported from
 * FBP get back their process id, component, metadata, port names, indices and
 * IIPs from `x-fbp`; positions are written to `metadata.x`/`y`; groups,
 * exported ports and properties come from the graph's `x-fbp`. Nodes made in
 * Flowbench get component `flowbench/<Kind>` and their Flowbench port names.
 * Never throws for a valid graph.
 */
export function graphToFbp(graph: Graph): FbpGraph {
  const gext = readGraphExt(extOf(graph));
  const properties: Record<string, unknown> = { ...gext.properties };
  if (graph.name !== nameFromProperties(gext.properties)) properties.name = graph.name;
  if (graph.description !== descriptionFromProperties(gext.properties)) {
    if (graph.description === undefined) delete properties.description;
    else properties.description = graph.description;
  }

  const fbpId = new Map<string, string>();
  const processes: Record<string, FbpProcess> = {};
  const iips: FbpIip[] = [];
  for (const node of graph.nodes) {
    const ext = readNodeExt(extOf(node));
    const id = ext?.id ?? node.id;
    fbpId.set(node.id, id);
    const meta: FbpMetadata = { ...(ext?.metadata ?? {}) };
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
      const mx = finiteNumber(ext?.metadata?.x);
      const my = finiteNumber(ext?.metadata?.y);
      // Keep the file's own spelling (e.g. "12" as a string) while the node has not moved.
      if (mx !== node.position.x || my !== node.position.y) {
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
    if (ext?.metadata !== undefined) conn.metadata = ext.metadata;
    connections.push(conn);
  }
  connections.push(...iips);

  const exported = (list: FbpGraphExtension['inports']) => {
    const out: Record<string, FbpExportedPort> = {};
    for (const { name, ...port } of list) setOwn(out, name, port);
    return out;
  };
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
